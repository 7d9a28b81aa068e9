package dev.tandem.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A vendor {@link ResultSet} whose {@link #getStatement()} answers with the Tandem statement that
 * produced it ({@code null} for result sets from {@link java.sql.DatabaseMetaData}, as JDBC allows),
 * never with the vendor statement.
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
  public String toString() {
    return "Tandem" + delegate;
  }
}
