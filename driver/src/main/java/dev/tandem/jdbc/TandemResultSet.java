package dev.tandem.jdbc;

import dev.tandem.rewrite.ResultTypes;
import dev.tandem.rewrite.TableMention;
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
 *
 * <p>A value Tandem computed where the database's cast cannot give the column's declared type
 * (MariaDB's integers, see {@link ResultTypes}) is narrowed by {@link #getObject(int)} and
 * {@link #getObject(String)} to the Java type the column itself gives. Only {@code Long} values are
 * looked at, and only the first one asks the statement's plan which columns to narrow.
 */
public final class TandemResultSet extends ResultSetForwarder {
  private static final byte UNDECIDED = 0;
  private static final byte KEEP = 1;
  private static final byte NARROW = 2;

  private final Statement statement;
  /**
   * The plan's computed columns, asked for at the first {@code Long} read; {@code null} until then.
   * One field rather than two keeps the wrapper at 24 bytes: one is made per result set.
   */
  private Narrowing narrowing;

  /** The plan's computed columns and, per column index, whether its values are narrowed. */
  private static final class Narrowing {
    /** A plan without computed columns: nothing is narrowed (shared, it never decides a column). */
    static final Narrowing NONE = new Narrowing(ResultTypes.NONE);

    final ResultTypes types;
    /** Per column index, {@code UNDECIDED}, {@code KEEP} or {@code NARROW}; {@code null} until needed. */
    byte[] columns;

    Narrowing(ResultTypes types) {
      this.types = types;
    }
  }

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
  public Object getObject(int column) throws SQLException {
    Object value = delegate.getObject(column);
    return value instanceof Long ? narrowed(column, value) : value;
  }

  @Override
  public Object getObject(String label) throws SQLException {
    Object value = delegate.getObject(label);
    return value instanceof Long ? narrowed(delegate.findColumn(label), value) : value;
  }

  private Object narrowed(int column, Object value) throws SQLException {
    if (narrowing == null) {
      ResultTypes types = statement instanceof TandemStatement tandem ? tandem.resultTypes() : ResultTypes.NONE;
      narrowing = types.isEmpty() ? Narrowing.NONE : new Narrowing(types);
    }
    if (narrowing == Narrowing.NONE) {
      return value;
    }
    byte[] columns = narrowing.columns;
    if (columns == null) {
      columns = new byte[delegate.getMetaData().getColumnCount() + 1];
      narrowing.columns = columns;
    }
    if (columns[column] == UNDECIDED) {
      columns[column] = narrows(column) ? NARROW : KEEP;
    }
    return columns[column] == NARROW
        ? narrowing.types.narrowed(delegate.getMetaData().getColumnLabel(column), value) : value;
  }

  /**
   * Whether column {@code column} is one the plan computed: its label is, and the database reports
   * no table for it (it is an expression, not a column of a table that happens to share the label).
   */
  private boolean narrows(int column) throws SQLException {
    var metadata = delegate.getMetaData();
    String table = metadata.getTableName(column);
    return narrowing.types.narrows(metadata.getColumnLabel(column)) && (table == null || table.isEmpty());
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
    TandemConnection connection = tandem.connection;
    for (MoveRule move : connection.planner().rules().moves()) {
      // Another tenant's move (tenant_a.customer, on a connection whose customer is tenant_b's) does not apply.
      if (sql == null || TableMention.mayName(sql, move, connection.tableColumns(), connection.planner().dialect().family())) {
        throw new SQLException("Tandem refuses ResultSet." + method + " (move " + move.name() + "): an updatable "
            + "result set over table " + move.table() + " writes without SQL text, so the second column of the "
            + "move would not be written. Write the change with an UPDATE or INSERT statement", "0A000");
      }
    }
    for (dev.tandem.rules.CrossTableMove move : connection.planner().rules().crossTableMoves()) {
      // Conservative: any result set whose SQL names either table as a word (or is unknown) could write one of them.
      if (sql == null || namesWord(sql, move.table().table().name()) || namesWord(sql, move.toTable().table().name())) {
        throw new SQLException("Tandem refuses ResultSet." + method + " (move " + move.name() + "): an updatable "
            + "result set over table " + move.table() + " or " + move.toTable() + " writes without SQL text, so the "
            + "follow-up that keeps the other table in step would not run. Write the change with an UPDATE or INSERT "
            + "statement", "0A000");
      }
    }
  }

  private static boolean namesWord(String sql, String word) {
    return java.util.regex.Pattern.compile("(?<![\\w$])" + java.util.regex.Pattern.quote(word) + "(?![\\w$])",
        java.util.regex.Pattern.CASE_INSENSITIVE).matcher(sql).find();
  }

  @Override
  public String toString() {
    return "Tandem" + delegate;
  }
}
