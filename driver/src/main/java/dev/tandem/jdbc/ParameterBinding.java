package dev.tandem.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One {@code setXxx} call the application made, as a value that can be replayed on any statement
 * index: the fan-out sets it on every index the plan maps the application's index to, and a
 * re-prepared statement gets it again.
 */
@FunctionalInterface
interface ParameterBinding {
  void apply(PreparedStatement statement, int statementIndex) throws SQLException;
}
