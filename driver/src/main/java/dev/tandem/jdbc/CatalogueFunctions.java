package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.FunctionCatalogue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection's answers to {@link FunctionCatalogue}, read from the database's own catalogue and
 * cached until {@link #invalidate()} (with the connection's table metadata, when the rules change):
 * PostgreSQL {@code pg_proc.provolatile} over the functions on the search path (or in the schema the
 * call names); MariaDB/MySQL and H2 {@code INFORMATION_SCHEMA.ROUTINES.IS_DETERMINISTIC} in the
 * current (or named) schema. Over several overloads the least repeatable answer wins.
 */
final class CatalogueFunctions implements FunctionCatalogue {
  private static final String POSTGRESQL = "SELECT p.provolatile FROM pg_catalog.pg_proc p "
      + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = ? "
      + "AND (n.nspname = ? OR (CAST(? AS TEXT) IS NULL AND n.nspname = ANY (current_schemas(true))))";
  private static final String MARIADB = "SELECT IS_DETERMINISTIC FROM information_schema.ROUTINES "
      + "WHERE ROUTINE_TYPE = 'FUNCTION' AND ROUTINE_NAME = ? AND ROUTINE_SCHEMA = COALESCE(?, DATABASE())";
  private static final String H2 = "SELECT IS_DETERMINISTIC FROM INFORMATION_SCHEMA.ROUTINES "
      + "WHERE ROUTINE_NAME = ? AND ROUTINE_SCHEMA = COALESCE(?, SCHEMA())";

  private final Connection connection;
  private final Dialect dialect;
  private final Map<String, Volatility> cache = new ConcurrentHashMap<>();

  CatalogueFunctions(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect.family();
  }

  void invalidate() {
    cache.clear();
  }

  @Override
  public Volatility volatilityOf(String schema, String function) throws SQLException {
    String key = schema + '\u0000' + function;
    Volatility known = cache.get(key);
    if (known == null) {
      known = read(schema == null ? null : name(schema), name(function));
      cache.put(key, known);
    }
    return known;
  }

  /** The name as the catalogue stores it: unquoted, folded as this database folds it. */
  private String name(String asWritten) {
    return dialect.canonical(asWritten);
  }

  private Volatility read(String schema, String function) throws SQLException {
    String sql = switch (dialect) {
      case POSTGRESQL -> POSTGRESQL;
      case MARIADB -> MARIADB;
      case H2 -> H2;
      default -> null;
    };
    if (sql == null) {
      return Volatility.UNKNOWN;
    }
    Volatility worst = null;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, function);
      ps.setString(2, schema);
      if (dialect == Dialect.POSTGRESQL) {
        ps.setString(3, schema);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Volatility v = of(rs.getString(1));
          worst = worst == null || v.ordinal() > worst.ordinal() ? v : worst;
        }
      }
    }
    return worst == null ? Volatility.UNKNOWN : worst;
  }

  private static Volatility of(String declared) {
    String d = declared == null ? "" : declared.trim().toUpperCase(Locale.ROOT);
    return switch (d) {
      case "I", "YES", "TRUE" -> Volatility.IMMUTABLE;
      case "S" -> Volatility.STABLE;
      case "V", "NO", "FALSE" -> Volatility.VOLATILE;
      default -> Volatility.UNKNOWN;
    };
  }
}
