package dev.tandem.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Prepares SQL on the vendor connection with the options the application chose (result set type,
 * generated keys, …), so a statement can be prepared again when the rules change.
 */
@FunctionalInterface
interface StatementPreparer {
  PreparedStatement prepare(String sql) throws SQLException;
}
