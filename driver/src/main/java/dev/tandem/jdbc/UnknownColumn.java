package dev.tandem.jdbc;

import java.sql.SQLException;

/**
 * Recognises the database saying a column or a table does not exist: the one error after which a plan
 * made from cached table metadata ({@code INSERT} without columns, {@code SELECT *}, a table rename's
 * redirect) is made again, because a migration may have changed the table since the metadata was read.
 */
final class UnknownColumn {
  private UnknownColumn() {}

  /**
   * PostgreSQL's undefined_column (42703) and undefined_table (42P01); MariaDB's and H2's column-not-found
   * (42S22) and table-not-found (42S02).
   */
  static boolean is(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if ("42703".equals(state) || "42S22".equals(state) || "42P01".equals(state) || "42S02".equals(state)) {
        return true;
      }
    }
    return false;
  }

  /** PostgreSQL's undefined_table (42P01), MariaDB's and H2's table-not-found (42S02). */
  static boolean isTable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if ("42P01".equals(x.getSQLState()) || "42S02".equals(x.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
