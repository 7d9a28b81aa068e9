package dev.tandem.jdbc;

import java.sql.CallableStatement;
import java.sql.SQLException;

/**
 * A vendor {@link CallableStatement} behind Tandem. Indexed parameters, including OUT parameters,
 * are addressed in the application's indexes.
 */
public final class TandemCallableStatement extends CallableStatementForwarder {

  TandemCallableStatement(TandemConnection connection, CallableStatement delegate, Planned planned,
      StatementPreparer preparer) throws SQLException {
    super(connection, delegate, planned, preparer);
  }

  @Override
  protected int statementIndex(int parameterIndex) throws SQLException {
    return plan().parameters().targetsOf(parameterIndex)[0];
  }
}
