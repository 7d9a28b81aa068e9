package dev.tandem.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Vendor metadata whose {@link #getConnection()} is the Tandem connection. */
public final class TandemDatabaseMetaData extends DatabaseMetaDataForwarder {
  private final TandemConnection connection;

  TandemDatabaseMetaData(TandemConnection connection, DatabaseMetaData delegate) {
    super(delegate);
    this.connection = connection;
  }

  @Override
  protected ResultSet wrapResultSet(ResultSet resultSet) {
    return resultSet == null ? null : new TandemResultSet(null, resultSet);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }
}
