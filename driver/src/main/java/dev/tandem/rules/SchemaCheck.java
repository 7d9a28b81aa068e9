package dev.tandem.rules;

import dev.tandem.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a rule set against a database (SPEC §1, §7): through {@link java.sql.DatabaseMetaData}
 * ({@link TableInfo}), the {@code to} column of every move exists, and its {@code from} column too
 * unless the move is in {@link Phase#CONTRACT} (dropping {@code from} is the point of that phase);
 * and, when asked to, each transform runs on the database: {@code SELECT forward(t.from) FROM t
 * WHERE 1=0} and {@code SELECT backward(t.to) FROM t WHERE 1=0} are executed, so an unknown
 * function, type or lookup table is found now, with the move's file and line and the database's
 * own reason, instead of in the application's statements.
 *
 * <p>Names are matched the way the database matches them ({@link Identifier#canonical}): folded to
 * lower case on PostgreSQL and upper case on H2 unless quoted in the rule file, and
 * case-insensitively on MariaDB, where the rule's "schema" is the database (JDBC catalog). A table
 * without a schema in the rule file is looked up where the connection resolves unqualified names:
 * {@link Connection#getSchema()}, or {@link Connection#getCatalog()} on MariaDB.
 *
 * <p>A transform probe that fails inside a transaction aborts it on PostgreSQL, so probes run only
 * on a connection in auto-commit mode, or on one the caller is about to hand out and allows to be
 * rolled back ({@link #problems}).
 */
public final class SchemaCheck {
  /** SQLSTATE of a missing table (ODBC "base table or view not found"). */
  public static final String MISSING_TABLE = "42S02";
  /** SQLSTATE of a missing column (ODBC "column not found"). */
  public static final String MISSING_COLUMN = "42S22";
  /** SQLSTATE of a transform the database refuses, when the database gave none. */
  public static final String BROKEN_TRANSFORM = "42000";

  private SchemaCheck() {}

  /**
   * What is wrong with one move on one database.
   *
   * @param move the move
   * @param schemaMissing whether its table or a column is missing (the schema is not there yet, or
   *     a column was dropped or misspelt), rather than a transform failing on columns that exist
   * @param tableExists whether the move's table exists
   * @param error the message, starting with the rule file, the move's line and the move
   */
  public record Problem(MoveRule move, boolean schemaMissing, boolean tableExists, SQLException error) {}

  /**
   * Checks that the columns of every move in {@code rules} exist and that its transforms run.
   *
   * @throws SQLException naming the file, line, move and the missing table or column or the
   *     database's reason; the other problems chained with {@link SQLException#setNextException}
   */
  public static void verify(RuleSet rules, Connection connection, Dialect dialect) throws SQLException {
    List<Problem> problems = problems(rules, connection, dialect, true);
    if (!problems.isEmpty()) {
      SQLException first = problems.get(0).error();
      problems.subList(1, problems.size()).forEach(p -> first.setNextException(p.error()));
      throw first;
    }
  }

  /**
   * Every problem of {@code rules} on the database {@code connection} reaches, one per move at most.
   *
   * @param probeTransforms whether to run each transform on the database. On a connection that is
   *     not in auto-commit mode, a failed probe is followed by a rollback, so pass {@code true}
   *     only for a connection with no work of the application in progress
   * @throws SQLException when metadata cannot be read
   */
  public static List<Problem> problems(RuleSet rules, Connection connection, Dialect dialect, boolean probeTransforms)
      throws SQLException {
    List<Problem> problems = new ArrayList<>();
    for (MoveRule move : rules.moves()) {
      Problem problem = check(rules, move, connection, dialect, probeTransforms);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return problems;
  }

  private static Problem check(RuleSet rules, MoveRule move, Connection connection, Dialect dialect, boolean probe)
      throws SQLException {
    TableInfo table = TableInfo.readColumns(connection, dialect, move.table());
    String where = place(rules, move);
    if (!table.exists()) {
      String namespace = dialect == Dialect.MARIADB ? "database" : "schema";
      return new Problem(move, true, false, new SQLException(where + "table " + move.table() + " does not exist in "
          + namespace + " " + table.namespace() + "; run the migration that creates it (or check the rule's table,"
          + " or the connection's " + namespace + ")", MISSING_TABLE));
    }
    String name = move.table().table().toString();
    if (table.column(move.to(), dialect).isEmpty()) {
      return missingColumn(move, where, move.to(), name, "run the expand migration that adds it first"
          + " (ALTER TABLE " + name + " ADD COLUMN " + move.to() + " …), or check the spelling of 'to'");
    }
    boolean hasFrom = table.column(move.from(), dialect).isPresent();
    if (move.phase() != Phase.CONTRACT && !hasFrom) {
      return missingColumn(move, where, move.from(), name, "the old column may only be dropped once the move is in "
          + "phase contract, and the rules say " + move.phase().yamlName() + "; check the spelling of 'from'");
    }
    if (!probe) {
      return null;
    }
    SQLException broken = hasFrom ? probe(connection, dialect, move, move.forward(), move.from(), "forward", where)
        : null;
    if (broken == null && !move.oneWay()) {
      broken = probe(connection, dialect, move, move.backward(), move.to(), "backward", where);
    }
    SplitRule split = move.split() == null ? null : move.split().split();
    if (broken == null && split != null && move.split().first() && !split.oneWay()) {
      // The split's backward reads every target; the first piece probes it once, filled in with all of them.
      String tableName = move.table().table().sql(dialect);
      broken = probe(connection, dialect, move, Transform.forward(split.backwardOf(t -> tableName + "." + t.sql(dialect))),
          move.to(), "backward", where);
    }
    return broken == null ? null : new Problem(move, false, true, broken);
  }

  /** {@code rules.yaml:12: move name: }, the start of every message about {@code move}. */
  public static String place(RuleSet rules, MoveRule move) {
    return rules.source() + (move.line() > 0 ? ":" + move.line() : "") + ": " + move.describe() + ": ";
  }

  private static Problem missingColumn(MoveRule move, String where, Identifier column, String table, String advice) {
    return new Problem(move, true, true, new SQLException(where + "column " + column + " does not exist in table "
        + table + "; " + advice, MISSING_COLUMN));
  }

  /** Runs {@code transform} over the column on the database; the failure, or {@code null}. */
  private static SQLException probe(Connection connection, Dialect dialect, MoveRule move, Transform transform,
      Identifier column, String what, String where) throws SQLException {
    if (transform.isIdentity()) {
      return null;
    }
    String tableName = move.table().table().sql(dialect);
    String table = move.table().schema() == null ? tableName : move.table().schema().sql(dialect) + "." + tableName;
    String sql = "SELECT " + transform.apply(tableName + "." + column.sql(dialect)) + " FROM " + table + " WHERE 1=0";
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery(sql).close();
      return null;
    } catch (SQLException e) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      String state = e.getSQLState() == null ? BROKEN_TRANSFORM : e.getSQLState();
      SQLException problem = new SQLException(where + "'" + what + "' " + transform.template()
          + " does not run on the database: " + firstLine(e.getMessage()), state, e.getErrorCode(), e);
      return problem;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no reason given)";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
