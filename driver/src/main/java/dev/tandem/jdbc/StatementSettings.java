package dev.tandem.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/** Copies what an application may have set on a statement to its re-prepared replacement. */
final class StatementSettings {
  private StatementSettings() {}

  static void copy(Statement from, Statement to) throws SQLException {
    to.setMaxRows(from.getMaxRows());
    to.setQueryTimeout(from.getQueryTimeout());
    to.setFetchSize(from.getFetchSize());
    to.setFetchDirection(from.getFetchDirection());
    to.setMaxFieldSize(from.getMaxFieldSize());
    to.setPoolable(from.isPoolable());
    if (from.isCloseOnCompletion()) {
      to.closeOnCompletion();
    }
  }
}
