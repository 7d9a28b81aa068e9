package dev.tandem.jdbc;

import dev.tandem.rules.MoveRule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A vendor {@link ResultSet} whose {@link #getStatement()} answers with the Tandem statement that
 * produced it ({@code null} for result sets from {@link java.sql.DatabaseMetaData}, as JDBC allows),
 * never with the vendor statement.
 *
 * <p>{@link #updateRow()} and {@link #insertRow()} of an updatable result set write without SQL
 * text, so Tandem cannot add the second column of a move: over a query that names a moved table
 * they are refused (SPEC §6), before anything is written. {@link #deleteRow()} removes both
 * columns with the row and stays allowed.
 */
public final class TandemResultSet extends ResultSetForwarder {
  private final Statement statement;

  TandemResultSet(Statement statement, ResultSet delegate) {
    super(delegate);
    this.statement = statement;
  }

  @Override
  public Statement getStatement() throws SQLException {
    delegate.getStatement(); // throws as the vendor does when the result set is closed
    return statement;
  }

  @Override
  public void updateRow() throws SQLException {
    refuseOverMovedTable("updateRow()");
    super.updateRow();
  }

  @Override
  public void insertRow() throws SQLException {
    refuseOverMovedTable("insertRow()");
    super.insertRow();
  }

  private void refuseOverMovedTable(String method) throws SQLException {
    if (!(statement instanceof TandemStatement tandem)) {
      return;
    }
    String sql = tandem.applicationSql();
    for (MoveRule move : tandem.connection.planner().rules().moves()) {
      if (sql == null || namesWord(sql, move.table().table().name())) {
        throw new SQLException("Tandem refuses ResultSet." + method + " (move " + move.name() + "): an updatable "
            + "result set over table " + move.table() + " writes without SQL text, so the second column of the "
            + "move would not be written. Write the change with an UPDATE or INSERT statement", "0A000");
      }
    }
  }

  /** Whether {@code word} occurs in {@code sql} as a whole word, ignoring case (errs towards yes). */
  private static boolean namesWord(String sql, String word) {
    for (int i = 0; i + word.length() <= sql.length(); i++) {
      if (sql.regionMatches(true, i, word, 0, word.length())
          && (i == 0 || !Character.isLetter(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')
          && (i + word.length() == sql.length() || !Character.isLetterOrDigit(sql.charAt(i + word.length()))
              && sql.charAt(i + word.length()) != '_')) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Tandem" + delegate;
  }
}
