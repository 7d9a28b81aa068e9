package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.Phase;
import dev.tandem.rules.TableName;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Plans the writes of a column moved to another table (docs/behaviour.md §13): the application's statement,
 * changed only in contract, and the follow-up statements that write the other table in the same transaction.
 *
 * <p>Which rows a statement wrote is read from its text: the key values of an {@code INSERT … VALUES}, or the
 * key predicate ({@code key = v}, {@code key IN (v, …)}) that is the whole {@code WHERE} of an
 * {@code UPDATE}/{@code DELETE}. A follow-up copies those rows' stored value (so any expression, even a
 * volatile one, is copied as the database computed it); in contract it writes the application's value to the
 * other table instead. A write of the moved column whose rows cannot be told that way is refused.
 */
final class CrossTableWrites {
  private final ParsedStatement parsed;
  private final Dialect dialect;
  private final CompiledRules prepared;
  private final TableColumns columns;

  /**
   * What to do with a statement: {@link #plan} to send, or, when {@code null}, its reads rewritten, without
   * the read move on {@code writtenTable} when that is not {@code null} (a write of a move's new table, whose
   * read move's {@code from} is the key column the column-move writers would otherwise copy).
   */
  record Decision(RewritePlan plan, TableName writtenTable) {
    static Decision reads(CrossTableMove move, Side side) {
      return new Decision(null, side == Side.NEW ? move.toTable() : null);
    }
  }

  private CrossTableWrites(ParsedStatement parsed, CompiledRules prepared, TableColumns columns) {
    this.parsed = parsed;
    this.prepared = prepared;
    this.dialect = prepared.dialect();
    this.columns = columns;
  }

  /**
   * The plan of {@code parsed} when it writes a moved column (or its pair's key), else a decision with no
   * plan that names the table of a move it writes (or none): its reads are then rewritten like any others.
   */
  static Decision decide(ParsedStatement parsed, CompiledRules prepared, TableColumns columns)
      throws SQLException, ParsedStatement.Unlocatable {
    return new CrossTableWrites(parsed, prepared, columns).decide();
  }

  private Decision decide() throws SQLException, ParsedStatement.Unlocatable {
    Statement statement = parsed.statement();
    for (WithItem<?> item : MoveRewriter.withItemsOf(statement)) {
      Object body = item.getParenthesedStatement();
      if (body instanceof ParenthesedInsert || body instanceof ParenthesedUpdate || body instanceof ParenthesedDelete) {
        CrossTableMove move = prepared.rules().crossTableMoves().get(0);
        throw refuse(move, "the statement writes in a WITH clause (a data-modifying CTE) and names a table of a move"
            + " to another table; Tandem keeps the other table in step only for a plain INSERT, UPDATE or DELETE");
      }
    }
    for (CrossTableMove move : prepared.rules().crossTableMoves()) {
      if (statement instanceof Insert insert) {
        Decision d = insert(move, insert);
        if (d != null) {
          return d;
        }
      } else if (statement instanceof Update update) {
        Decision d = update(move, update);
        if (d != null) {
          return d;
        }
      } else if (statement instanceof Delete delete) {
        Decision d = delete(move, delete);
        if (d != null) {
          return d;
        }
      } else if (statement instanceof Merge || statement instanceof Upsert) {
        Table target = statement instanceof Merge merge ? merge.getTable() : ((Upsert) statement).getTable();
        Side side = side(move, target);
        if (side == Side.NEW && move.phase() == Phase.CONTRACT) {
          return Decision.reads(move, side); // the new table is written as the statement says
        }
        if (side != null && namesMoved(move, side, statement)) {
          throw refuse(move, "the statement is a MERGE/UPSERT writing " + side.column(move)
              + "; Tandem keeps the other table in step only for INSERT … VALUES, UPDATE and DELETE by key");
        }
        if (side != null) {
          return Decision.reads(move, side);
        }
      }
    }
    return new Decision(null, null);
  }

  /** Which of a move's tables a statement's target is. */
  enum Side {
    OLD, NEW;

    Identifier column(CrossTableMove move) {
      return this == OLD ? move.from() : move.to();
    }

    Identifier key(CrossTableMove move) {
      return this == OLD ? move.key() : move.toKey();
    }

    TableName table(CrossTableMove move) {
      return this == OLD ? move.table() : move.toTable();
    }
  }

  private Side side(CrossTableMove move, Table table) throws SQLException {
    if (table == null || table.getName() == null) {
      return null;
    }
    if (matches(move.table(), table, move)) {
      return Side.OLD;
    }
    return matches(move.toTable(), table, move) ? Side.NEW : null;
  }

  private boolean matches(TableName rule, Table table, CrossTableMove move) throws SQLException {
    String schema = table.getSchemaName();
    String name = table.getName();
    String resolved = null;
    if (schema == null && rule.needsResolution(name, dialect)) {
      resolved = columns.searchPath().resolve(name, columns, dialect);
      if (resolved == null) {
        throw refuse(move, "the statement names table " + name + " without a schema and the move applies to "
            + rule + " only, but which schema the name means cannot be told; qualify the table");
      }
    }
    return rule.matches(schema, name, resolved, dialect);
  }

  private Decision insert(CrossTableMove move, Insert insert) throws SQLException, ParsedStatement.Unlocatable {
    Side side = side(move, insert.getTable());
    if (side == null) {
      return null;
    }
    ExpressionList<Column> list = insert.getColumns();
    if (list == null || list.isEmpty()) {
      throw refuse(move, "the INSERT into " + side.table(move) + " has no column list; name the columns, so that "
          + "Tandem can tell whether " + side.column(move) + " is written");
    }
    int valueAt = indexOf(list, side.column(move));
    int keyAt = indexOf(list, side.key(move));
    boolean upsert = insert.getDuplicateUpdateSets() != null || insert.getConflictAction() != null
        || insert.getSetUpdateSets() != null;
    if (valueAt < 0 && !(upsert && namesMoved(move, side, insert))) {
      return Decision.reads(move, side);
    }
    if (side == Side.NEW && move.phase() == Phase.CONTRACT) {
      return Decision.reads(move, side);
    }
    if (upsert) {
      throw refuse(move, "the statement is an upsert writing " + side.column(move) + "; Tandem keeps the other "
          + "table in step only for INSERT … VALUES, UPDATE and DELETE by key");
    }
    if (insert.getReturningClause() != null) {
      throw refuse(move, "the INSERT writing " + side.column(move) + " has a RETURNING clause (not yet supported)");
    }
    if (!(insert.getSelect() instanceof Values values)) {
      throw refuse(move, "the INSERT takes " + side.column(move) + " from a query; Tandem can tell which rows it "
          + "wrote only from the key values of INSERT … VALUES");
    }
    if (keyAt < 0) {
      throw refuse(move, "the INSERT writes " + side.column(move) + " without giving " + side.key(move) + ", so "
          + "the rows it writes cannot be paired with " + other(side).table(move) + " (keys generated by the "
          + "database are not yet supported); give the key in the column list");
    }
    List<ExpressionList<?>> rows = rows(move, values);
    List<Value> keys = new ArrayList<>();
    for (ExpressionList<?> row : rows) {
      if (row.size() != list.size()) {
        throw refuse(move, "a VALUES row has " + row.size() + " values for " + list.size() + " columns");
      }
      keys.add(value(move, (Expression) row.get(keyAt), side.key(move), true));
    }
    String schema = insert.getTable().getSchemaName();
    if (move.phase() != Phase.CONTRACT) {
      return followed(move, side, schema, keys, StatementKind.INSERT);
    }
    // Contract: the old column is not written (it may be gone); its values go to the other table.
    List<Value> moved = new ArrayList<>();
    List<int[]> removed = new ArrayList<>();
    removed.add(listItemRange(list, valueAt));
    for (ExpressionList<?> row : rows) {
      moved.add(value(move, (Expression) row.get(valueAt), move.from(), false));
      removed.add(listItemRange(row, valueAt));
    }
    List<String> newRows = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      newRows.add("(" + keys.get(i).text + ", " + moved.get(i).text + ")");
      keys.get(i).addSources(sources);
      moved.get(i).addSources(sources);
    }
    FollowUp followUp = new FollowUp(CrossTableSql.insertNew(move, schema, newRows, dialect), ints(sources),
        move.name(), false);
    return new Decision(edited(move, removed, List.of(), StatementKind.INSERT, followUp), side.table(move));
  }

  private Decision update(CrossTableMove move, Update update) throws SQLException, ParsedStatement.Unlocatable {
    Side side = side(move, update.getTable());
    boolean joined = update.getStartJoins() != null || update.getJoins() != null || update.getFromItem() != null;
    if (side == null) {
      if (joined && namesMoved(move, Side.OLD, update) || joined && namesMoved(move, Side.NEW, update)) {
        throw refuse(move, "the multi-table UPDATE names a column of the move; write each table by its key");
      }
      return null;
    }
    UpdateSet assigned = null;
    for (UpdateSet set : update.getUpdateSets()) {
      for (Column column : set.getColumns()) {
        if (matches(column, side.key(move))) {
          throw refuse(move, "the UPDATE changes the key " + side.key(move) + " that pairs the rows of "
              + move.table() + " and " + move.toTable() + "; change keys once the move is finished");
        }
        if (matches(column, side.column(move))) {
          if (set.getColumns().size() > 1) {
            throw refuse(move, "the UPDATE assigns " + side.column(move) + " in a row-value assignment; assign it"
                + " on its own");
          }
          assigned = set;
        }
      }
    }
    if (assigned == null || (side == Side.NEW && move.phase() == Phase.CONTRACT)) {
      return Decision.reads(move, side);
    }
    if (joined || update.getReturningClause() != null || update.getOrderByElements() != null
        || update.getLimit() != null) {
      throw refuse(move, "the UPDATE writing " + side.column(move) + " joins other tables or has RETURNING, "
          + "ORDER BY or LIMIT (not yet supported); update by key alone");
    }
    if ((side == Side.NEW || move.phase() == Phase.CONTRACT) && countOf(move, update, side.column(move)) > 1) {
      throw refuse(move, "the UPDATE writing " + side.column(move) + " also reads it (not yet supported: the read "
          + "would need the other table's value)");
    }
    List<Value> keys = keyPredicate(move, side, update.getWhere(), update.getTable(), "UPDATE");
    String schema = update.getTable().getSchemaName();
    if (move.phase() != Phase.CONTRACT) {
      return followed(move, side, schema, keys, StatementKind.UPDATE);
    }
    // Contract: write the value to the other table only; the old table keeps its row (and update count).
    if (keys.size() != 1) {
      throw refuse(move, "in contract an UPDATE of " + move.from() + " is written to " + move.toTable() + " by "
          + "one key; write key = value, not a list of keys");
    }
    Value value = value(move, assigned.getValues().get(0), move.from(), false);
    List<Integer> sources = new ArrayList<>();
    keys.get(0).addSources(sources);
    value.addSources(sources);
    FollowUp followUp = new FollowUp(CrossTableSql.upsertNew(move, schema, keys.get(0).text, value.text, dialect),
        ints(sources), move.name(), true);
    List<int[]> removed = new ArrayList<>();
    List<String> replacements = new ArrayList<>();
    int index = update.getUpdateSets().indexOf(assigned);
    if (update.getUpdateSets().size() == 1) {
      // The statement still runs, for its row count and row locks: it assigns the key to itself.
      removed.add(new int[] {parsed.begin(assigned.getColumns().get(0)), parsed.end(last(assigned))});
      replacements.add(move.key().sql(dialect) + " = " + move.key().sql(dialect));
    } else {
      UpdateSet neighbour = update.getUpdateSets().get(index == 0 ? 1 : index - 1);
      removed.add(index == 0
          ? new int[] {parsed.begin(assigned.getColumns().get(0)), parsed.begin(neighbour.getColumns().get(0))}
          : new int[] {parsed.end(last(neighbour)), parsed.end(last(assigned))});
      replacements.add("");
    }
    return new Decision(edited(move, removed, replacements, StatementKind.UPDATE, followUp), side.table(move));
  }

  private Decision delete(CrossTableMove move, Delete delete) throws SQLException, ParsedStatement.Unlocatable {
    Side side = side(move, delete.getTable());
    boolean multi = delete.getTables() != null && delete.getTables().stream().anyMatch(t -> t != delete.getTable()
        && !t.getFullyQualifiedName().equalsIgnoreCase(delete.getTable().getFullyQualifiedName()))
        || delete.getJoins() != null && !delete.getJoins().isEmpty()
        || delete.getUsingList() != null && !delete.getUsingList().isEmpty();
    if (side != Side.NEW || move.phase() == Phase.CONTRACT) {
      if (multi && move.phase() != Phase.CONTRACT && namesTable(delete, move.toTable(), move)) {
        throw refuse(move, "the multi-table DELETE names " + move.toTable() + "; delete its rows by key");
      }
      return side == null ? null : Decision.reads(move, side);
    }
    if (multi || delete.getReturningClause() != null || delete.getOrderByElements() != null
        || delete.getLimit() != null) {
      throw refuse(move, "the DELETE from " + move.toTable() + " joins other tables or has RETURNING, ORDER BY or "
          + "LIMIT (not yet supported); delete by key alone");
    }
    List<Value> keys = keyPredicate(move, side, delete.getWhere(), delete.getTable(), "DELETE");
    return followed(move, side, delete.getTable().getSchemaName(), keys, StatementKind.DELETE);
  }

  private boolean namesTable(Delete delete, TableName table, CrossTableMove move) throws SQLException {
    List<Table> named = new ArrayList<>();
    if (delete.getTables() != null) {
      named.addAll(delete.getTables());
    }
    if (delete.getJoins() != null) {
      delete.getJoins().forEach(j -> {
        if (j.getFromItem() instanceof Table t) {
          named.add(t);
        }
      });
    }
    for (Table t : named) {
      if (matches(table, t, move)) {
        return true;
      }
    }
    return false;
  }

  /** The statement as written, followed by a copy of the rows with {@code keys} to the other table. */
  private Decision followed(CrossTableMove move, Side side, String schema, List<Value> keys, StatementKind kind) {
    List<String> texts = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    for (Value key : keys) {
      texts.add(key.text);
      key.addSources(sources);
    }
    String list = String.join(", ", texts);
    String sql = side == Side.OLD ? CrossTableSql.copyToNew(move, schema, list, dialect)
        : CrossTableSql.copyToOld(move, schema, list, dialect);
    FollowUp followUp = new FollowUp(sql, ints(sources), move.name(), false);
    RewritePlan plan = new RewritePlan(parsed.sql(), parsed.sql(), ParameterMap.identity(), kind,
        List.of(move.name()), false, ResultTypes.NONE, List.of(followUp));
    return new Decision(plan, side.table(move));
  }

  /** The statement with {@code removed} ranges replaced by {@code replacements} (none: removed), and a follow-up. */
  private RewritePlan edited(CrossTableMove move, List<int[]> removed, List<String> replacements, StatementKind kind,
      FollowUp followUp) throws RewriteRefusedException {
    if (parsed.unusualParameters() != null) {
      throw refuse(move, "the statement uses " + parsed.unusualParameters() + "; Tandem rewrites only statements "
          + "with plain '?' markers");
    }
    List<int[]> ranges = new ArrayList<>(removed);
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    String sql = parsed.sql();
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int[] range : ranges) {
      out.append(sql, at, range[0]);
      int k = removed.indexOf(range);
      out.append(k < replacements.size() ? replacements.get(k) : "");
      at = range[1];
    }
    out.append(sql.substring(at));
    int[] markers = parsed.markers();
    int[][] targets = new int[markers.length][];
    int next = 0;
    for (int i = 0; i < markers.length; i++) {
      boolean gone = false;
      for (int[] range : ranges) {
        gone |= markers[i] >= range[0] && markers[i] < range[1];
      }
      targets[i] = gone ? new int[0] : new int[] {++next};
    }
    return new RewritePlan(sql, out.toString(), ParameterMap.withUnused(targets), kind, List.of(move.name()), false,
        ResultTypes.NONE, List.of(followUp));
  }

  /** The key values of a WHERE that is exactly {@code key = v} or {@code key IN (v, …)}; refused otherwise. */
  private List<Value> keyPredicate(CrossTableMove move, Side side, Expression where, Table table, String what)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    Identifier key = side.key(move);
    String why = "the " + what + " writes " + side.column(move) + " of the rows its WHERE finds, and Tandem tells "
        + "which rows those are (to write " + other(side).table(move) + " too) only from a WHERE that is exactly "
        + key + " = <value> or " + key + " IN (<values>), each value a parameter or a literal";
    if (where instanceof EqualsTo equals) {
      Expression value = isKey(equals.getLeftExpression(), key, table) ? equals.getRightExpression()
          : isKey(equals.getRightExpression(), key, table) ? equals.getLeftExpression() : null;
      if (value != null) {
        return List.of(value(move, value, key, true));
      }
    } else if (where instanceof InExpression in && !in.isNot() && isKey(in.getLeftExpression(), key, table)
        && in.getRightExpression() instanceof ExpressionList<?> list && !list.isEmpty()) {
      List<Value> keys = new ArrayList<>();
      for (Object item : list) {
        keys.add(value(move, (Expression) item, key, true));
      }
      return keys;
    }
    throw refuse(move, why);
  }

  private boolean isKey(Expression expression, Identifier key, Table table) {
    if (!(expression instanceof Column column) || !matches(column, key)) {
      return false;
    }
    Table qualifier = column.getTable();
    if (qualifier == null || qualifier.getName() == null) {
      return true;
    }
    String alias = table.getAlias() == null ? null : table.getAlias().getName();
    return qualifier.getName().equalsIgnoreCase(alias != null ? alias : table.getName());
  }

  /** A value the application's statement gives: a {@code ?} marker or a literal, copied into a follow-up. */
  private static final class Value {
    final String text;
    final int source;

    Value(String text, int source) {
      this.text = text;
      this.source = source;
    }

    void addSources(List<Integer> sources) {
      if (source > 0) {
        sources.add(source);
      }
    }
  }

  private Value value(CrossTableMove move, Expression expression, Identifier column, boolean key)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    if (expression instanceof JdbcParameter) {
      int index = Arrays.binarySearch(parsed.markers(), parsed.begin(expression));
      if (index < 0) {
        throw refuse(move, "the parameter given for " + column + " cannot be located");
      }
      return new Value("?", index + 1);
    }
    boolean literal = expression instanceof LongValue || expression instanceof StringValue
        || expression instanceof DoubleValue || expression instanceof DateValue || expression instanceof TimestampValue
        || (!key && expression instanceof NullValue);
    if (!literal) {
      throw refuse(move, "the value given for " + column + " is '" + expression + "'; Tandem copies "
          + (key ? "a key" : "a value written to " + move.toTable() + " in contract")
          + " into its follow-up statement only as a parameter or a literal");
    }
    return new Value(parsed.text(expression), 0);
  }

  private List<ExpressionList<?>> rows(CrossTableMove move, Values values) throws RewriteRefusedException {
    ExpressionList<?> expressions = values.getExpressions();
    List<ExpressionList<?>> rows = new ArrayList<>();
    if (expressions instanceof ParenthesedExpressionList) {
      rows.add(expressions);
      return rows;
    }
    for (Object row : expressions) {
      if (!(row instanceof ParenthesedExpressionList<?> list)) {
        throw refuse(move, "the VALUES row '" + row + "' is not a parenthesised list");
      }
      rows.add(list);
    }
    return rows;
  }

  /** The range of item {@code i} of a list with its separating comma (the one before it, or after the first). */
  private int[] listItemRange(ExpressionList<?> list, int i) throws ParsedStatement.Unlocatable {
    if (list.size() == 1) {
      throw new ParsedStatement.Unlocatable(list);
    }
    return i == 0 ? new int[] {parsed.begin(list.get(0)), parsed.begin(list.get(1))}
        : new int[] {parsed.end(list.get(i - 1)), parsed.end(list.get(i))};
  }

  private int indexOf(ExpressionList<Column> list, Identifier column) {
    for (int i = 0; i < list.size(); i++) {
      if (matches(list.get(i), column)) {
        return i;
      }
    }
    return -1;
  }

  private boolean matches(Column column, Identifier name) {
    return name.matches(column.getColumnName(), dialect);
  }

  /** Whether {@code element} references {@code side}'s moved column anywhere. */
  private boolean namesMoved(CrossTableMove move, Side side, Object element) throws ParsedStatement.Unlocatable {
    return countOf(move, element, side.column(move)) > 0;
  }

  private int countOf(CrossTableMove move, Object element, Identifier column) throws ParsedStatement.Unlocatable {
    int n = 0;
    List<Column> columns = element == parsed.statement() ? parsed.allColumns() : parsed.columnsIn(element, false);
    for (Column c : columns) {
      if (matches(c, column)) {
        n++;
      }
    }
    return n;
  }

  /** The (last) value expression of an assignment. */
  private static Object last(UpdateSet set) {
    return set.getValues().get(set.getValues().size() - 1);
  }

  private static Side other(Side side) {
    return side == Side.OLD ? Side.NEW : Side.OLD;
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private static RewriteRefusedException refuse(CrossTableMove move, String reason) {
    return new RewriteRefusedException(move.name(), reason);
  }
}
