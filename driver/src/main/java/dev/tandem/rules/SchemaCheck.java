package dev.tandem.rules;

import dev.tandem.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The connect-time check of SPEC §1: through {@link java.sql.DatabaseMetaData} ({@link TableInfo}), the {@code to} column of
 * every move exists, and its {@code from} column too unless the move is in {@link Phase#CONTRACT}
 * (dropping {@code from} is the point of that phase).
 *
 * <p>Names are matched the way the database matches them ({@link Identifier#canonical}): folded to
 * lower case on PostgreSQL and upper case on H2 unless quoted in the rule file, and
 * case-insensitively on MariaDB, where the rule's "schema" is the database (JDBC catalog). A table
 * without a schema in the rule file is looked up where the connection resolves unqualified names:
 * {@link Connection#getSchema()}, or {@link Connection#getCatalog()} on MariaDB.
 *
 * <p>Every problem is reported, not just the first: the first is thrown, the others are chained
 * with {@link SQLException#setNextException}.
 */
public final class SchemaCheck {
  /** SQLSTATE of a missing table (ODBC "base table or view not found"). */
  public static final String MISSING_TABLE = "42S02";
  /** SQLSTATE of a missing column (ODBC "column not found"). */
  public static final String MISSING_COLUMN = "42S22";

  private SchemaCheck() {}

  /**
   * Checks that the columns of every move in {@code rules} exist.
   *
   * @throws SQLException naming the move and the missing table or column; or when metadata cannot be read
   */
  public static void verify(RuleSet rules, Connection connection, Dialect dialect) throws SQLException {
    List<SQLException> problems = new ArrayList<>();
    for (MoveRule move : rules.moves()) {
      SQLException problem = check(move, connection, dialect);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      SQLException first = problems.get(0);
      problems.subList(1, problems.size()).forEach(first::setNextException);
      throw first;
    }
  }

  private static SQLException check(MoveRule move, Connection connection, Dialect dialect) throws SQLException {
    TableInfo table = TableInfo.readColumns(connection, dialect, move.table());
    if (!table.exists()) {
      String where = dialect == Dialect.MARIADB ? "database" : "schema";
      return new SQLException(move.describe() + ": table " + move.table() + " does not exist in " + where + " "
          + table.namespace() + "; check the rule's table, or the connection's " + where, MISSING_TABLE);
    }
    String name = move.table().table().toString();
    if (table.column(move.to(), dialect).isEmpty()) {
      return missingColumn(move, move.to(), name, "run the expand migration first");
    }
    if (move.phase() != Phase.CONTRACT && table.column(move.from(), dialect).isEmpty()) {
      return missingColumn(move, move.from(), name, "the old column may only be dropped once the move is in "
          + "phase contract, and the rules say " + move.phase().yamlName());
    }
    return null;
  }

  private static SQLException missingColumn(MoveRule move, Identifier column, String table, String advice) {
    return new SQLException(move.describe() + ": column " + column + " does not exist in table " + table
        + "; " + advice, MISSING_COLUMN);
  }
}
