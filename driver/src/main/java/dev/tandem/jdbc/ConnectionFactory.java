package dev.tandem.jdbc;

import dev.tandem.Dialect;
import dev.tandem.rewrite.PlanCache;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rules.RuleSet;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns a vendor connection into a Tandem connection: finds the rules the settings name, and wraps.
 * Shared by {@code TandemDriver} and {@code TandemDataSource}, so both open connections the same way.
 */
public final class ConnectionFactory {
  private ConnectionFactory() {}

  /**
   * Wraps {@code vendor}; closes it if that fails.
   *
   * @param urlDialect the dialect detected from the vendor URL, or {@code null} to ask the metadata
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect urlDialect)
      throws SQLException {
    if (config.rules() != null) {
      try {
        vendor.close();
      } finally {
        throw new SQLException("tandem.rules is set, but this build cannot load rule files yet", "0A000");
      }
    }
    return TandemConnection.wrap(vendor, config, urlDialect, RuleSet::empty, SqlRewriter.PASS_THROUGH,
        new PlanCache(0), () -> { });
  }
}
