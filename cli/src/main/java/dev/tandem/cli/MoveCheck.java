package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.TableInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures how one move fits the database: whether its columns exist, their types, and in one pass
 * over the table how many rows still lack the new value and how many disagree with the forward
 * transform. What counts as a problem:
 * <ul>
 *   <li>the table or {@code to} is missing; {@code from} is missing outside {@code contract};
 *   <li>the counting query fails (a transform names a table or function the database lacks);
 *   <li>a row where both columns hold values that disagree;
 *   <li>a row lacking the new value once the rules say the move is past {@code expand} (the
 *       backfill was declared done), or whenever {@code requireBackfilled} asks for it.
 * </ul>
 */
public final class MoveCheck {
  private final Connection connection;
  private final Dialect dialect;
  private final boolean requireBackfilled;

  /**
   * @param requireBackfilled whether rows lacking the new value are a problem in {@code expand} too
   *     (the question to ask before moving a rule to {@code migrated})
   */
  public MoveCheck(Connection connection, Dialect dialect, boolean requireBackfilled) {
    this.connection = connection;
    this.dialect = dialect;
    this.requireBackfilled = requireBackfilled;
  }

  /**
   * What was found for one move. Counts are -1 when they could not be taken (a column is missing).
   *
   * @param fromType the old column's type, or null when it does not exist
   * @param toType the new column's type, or null when it does not exist
   * @param rows rows in the table
   * @param lackingTo rows whose new column is NULL while the old one is not
   * @param lackingFrom rows whose old column is NULL while the new one is not (0 for one-way moves)
   * @param disagreeing rows where both hold values and {@code to} is not {@code forward(from)}
   * @param problems why the move does not fit, one sentence each; empty when it does
   */
  public record Report(MoveRule move, String fromType, String toType, long rows, long lackingTo, long lackingFrom,
      long disagreeing, List<String> problems) {
    public Report {
      problems = List.copyOf(problems);
    }

    public boolean fits() {
      return problems.isEmpty();
    }

    /** Whether rows were counted. */
    public boolean counted() {
      return rows >= 0;
    }
  }

  /** Checks one move. */
  public Report check(MoveRule move) throws SQLException {
    TableInfo table = TableInfo.read(connection, dialect, move.table());
    List<String> problems = new ArrayList<>();
    if (!table.exists()) {
      problems.add("table " + move.table() + " does not exist in " + (dialect == Dialect.MARIADB ? "database " : "schema ")
          + table.namespace());
      return new Report(move, null, null, -1, -1, -1, -1, problems);
    }
    String fromType = type(table, move.from());
    String toType = type(table, move.to());
    if (toType == null) {
      problems.add("column " + move.to() + " does not exist in table " + move.table() + "; run the expand migration first");
    }
    if (fromType == null && move.phase() != Phase.CONTRACT) {
      problems.add("column " + move.from() + " does not exist in table " + move.table() + "; the old column may only be"
          + " dropped once the move is in phase contract, and the rules say " + move.phase().yamlName());
    }
    if (fromType == null || toType == null) {
      return new Report(move, fromType, toType, -1, -1, -1, -1, problems);
    }
    long[] counts;
    try {
      counts = count(new MoveSql(move, dialect));
    } catch (SQLException e) {
      problems.add("cannot count the rows, the transforms do not run on this database: "
          + TandemCommand.describe(e));
      return new Report(move, fromType, toType, -1, -1, -1, -1, problems);
    }
    if (counts[3] > 0) {
      problems.add(counts[3] + " rows hold a value in " + move.to() + " that is not forward(" + move.from() + ")");
    }
    if (counts[1] > 0 && (requireBackfilled || move.phase() != Phase.EXPAND)) {
      problems.add(counts[1] + " rows still lack " + move.to() + (move.phase() == Phase.EXPAND ? ""
          : ", but the rules say " + move.phase().yamlName()) + "; run tandem backfill first");
    }
    return new Report(move, fromType, toType, counts[0], counts[1], counts[2], counts[3], problems);
  }

  private String type(TableInfo table, Identifier column) {
    Optional<TableInfo.Column> found = table.column(column, dialect);
    return found.map(TableInfo.Column::type).orElse(null);
  }

  private long[] count(MoveSql sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.counts())) {
      rs.next();
      // SUM over no rows is NULL; getLong reads that as 0, which is the right count.
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    }
  }
}
