package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Rewrites an assignment list: {@code UPDATE … SET}, {@code ON DUPLICATE KEY UPDATE},
 * {@code ON CONFLICT … DO UPDATE SET}, {@code MERGE … THEN UPDATE SET} and MariaDB's
 * {@code INSERT … SET}.
 *
 * <p>A dual write adds {@code to = forward(v)} (or {@code from = backward(v)}) immediately before
 * the original assignment, qualified the way the original is. MariaDB evaluates single-table
 * assignments left to right, each seeing the ones before it; placed before, the added assignment
 * sees the same row as the original one, so the result is the same under left-to-right and under
 * simultaneous assignment. Where a value from the original assignment on reads the added column
 * (on MariaDB, which then would see it changed), the added assignment goes just after the original
 * one instead, computed from the column just assigned. Refused: in a multi-table {@code UPDATE}
 * (whose assignment order MariaDB does not define), a value that reads either column of the move.
 *
 * <p>A redirect (contract) renames the assignment's column and transforms its value. The upsert
 * idioms {@code from = EXCLUDED.from} and {@code from = VALUES(from)} become
 * {@code to = EXCLUDED.to} and {@code to = VALUES(to)}, since the insert part now writes {@code to};
 * any other read of {@code from} in a value has already become {@code backward(to)}.
 */
final class AssignmentWriter {
  private record Assignment(UpdateSet set, int index, Column column, Object value, TableRef table) {}

  private AssignmentWriter() {}

  /**
   * @param writable the tables the assignments may write
   * @param multiTable whether this is a multi-table update (MariaDB's {@code UPDATE a JOIN b SET …})
   */
  static void rewrite(RewriteContext ctx, List<UpdateSet> sets, Scope writable, boolean multiTable)
      throws java.sql.SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (sets == null || sets.isEmpty()) {
      return;
    }
    List<Assignment> assignments = flatten(ctx, sets, writable);
    for (TableRef table : writable.tables()) {
      for (MoveRule move : table.moves()) {
        ctx.working(move);
        List<Integer> fromAt = findAll(ctx, assignments, table, move.from());
        List<Integer> toAt = findAll(ctx, assignments, table, move.to());
        ColumnAction action = PhaseTable.write(move, !fromAt.isEmpty(),
            SplitBackward.namesTo(move, c -> !findAll(ctx, assignments, table, c).isEmpty()));
        splitBackward(ctx, assignments, table, move, multiTable);
        List<Integer> named = action.column() == move.from() ? fromAt : toAt;
        // Every assignment to the column, not only the first: SET c = NULL, c = '' assigns twice
        // (MariaDB and H2 accept it, the last one wins), and each must reach the other column.
        switch (action.kind()) {
          case REDIRECT -> {
            for (int at : named) {
              redirect(ctx, action, assignments.get(at));
            }
          }
          case ALSO_WRITE -> {
            for (int at : named) {
              addBefore(ctx, action, assignments, at, multiTable);
            }
          }
          case REFUSE -> throw ctx.refuse(move, action.reason());
          default -> { }
        }
      }
    }
  }

  /** A split's {@code from = backward(targets)} when the statement assigns some target ({@link SplitBackward}). */
  private static void splitBackward(RewriteContext ctx, List<Assignment> assignments, TableRef table, MoveRule move,
      boolean multiTable) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    ColumnAction backward = SplitBackward.action(move, c -> !findAll(ctx, assignments, table, c).isEmpty());
    if (backward == null || backward.kind() == ColumnAction.Kind.UNCHANGED) {
      return;
    }
    if (backward.kind() == ColumnAction.Kind.REFUSE) {
      throw ctx.refuse(move, backward.reason());
    }
    Map<Identifier, List<SplitBackward.Written>> written = new HashMap<>();
    List<SplitBackward.Written> all = new ArrayList<>();
    for (int i = 0; i < assignments.size(); i++) {
      Assignment a = assignments.get(i);
      all.add(new SplitBackward.Written(a.value(), a.column(), i));
    }
    for (Identifier target : move.split().split().targets()) {
      List<SplitBackward.Written> list = new ArrayList<>();
      for (int at : findAll(ctx, assignments, table, target)) {
        Assignment a = assignments.get(at);
        requireValue(ctx, move, a);
        if (isRowAssignment(ctx.parsed(), a)) {
          throw ctx.refuse(move, "the row-value assignment to " + a.column().getColumnName() + " is not rewritten for"
              + " the " + move.split().split().describe() + "; assign its targets one by one");
        }
        list.add(all.get(at));
      }
      written.put(target, list);
    }
    String qualifier = (table.alias() != null ? table.alias() : table.table().getFullyQualifiedName()) + ".";
    SplitBackward.assign(ctx, backward, written, all, qualifier, multiTable);
  }

  private static List<Assignment> flatten(RewriteContext ctx, List<UpdateSet> sets, Scope writable)
      throws Scope.AmbiguousColumn, java.sql.SQLException {
    List<Assignment> all = new ArrayList<>();
    for (UpdateSet set : sets) {
      ExpressionList<Column> columns = set.getColumns();
      ExpressionList<?> values = set.getValues();
      List<?> items = values;
      if (columns.size() > 1 && values.size() == 1 && values.get(0) instanceof ParenthesedExpressionList) {
        items = (ParenthesedExpressionList<?>) values.get(0);
      }
      for (int i = 0; i < columns.size(); i++) {
        Object value = items.size() == columns.size() ? items.get(i) : null;
        Column column = columns.get(i);
        all.add(new Assignment(set, i, column, value, writable.resolve(column, ctx.dialect())));
      }
    }
    return all;
  }

  private static List<Integer> findAll(RewriteContext ctx, List<Assignment> assignments, TableRef table,
      Identifier column) {
    List<Integer> found = new ArrayList<>(1);
    for (int i = 0; i < assignments.size(); i++) {
      Assignment a = assignments.get(i);
      if (a.table() == table && ctx.same(column, a.column().getColumnName())) {
        found.add(i);
      }
    }
    return found;
  }

  private static void addBefore(RewriteContext ctx, ColumnAction action, List<Assignment> assignments, int at,
      boolean multiTable) throws RewriteRefusedException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    MoveRule move = action.move();
    Assignment original = assignments.get(at);
    Identifier added = action.other();
    Identifier written = action.column();
    Object value = requireValue(ctx, move, original);
    if (ctx.dialect().family() == Dialect.MARIADB
        && !checkMariaDbOrder(ctx, action, assignments, at, added, written, multiTable)) {
      addAfter(ctx, action, original);
      return;
    }
    Column idiom = move.split() != null && action.kind() == ColumnAction.Kind.ALSO_WRITE
        && move.serving().writes() == dev.tandem.rules.Phase.CONTRACT ? upsertIdiom(ctx, move, value) : null;
    // A split in contract: from = EXCLUDED.from gives each target its own inserted value, t = EXCLUDED.t
    // (the insert part writes the targets now), rather than forward of the computed old value.
    RewriteContext.Piece piece = idiom != null ? new RewriteContext.Piece(idiomFor(ctx, value, idiom, added),
        new int[0]) : ctx.transformed(action, original.table(), value, true);
    ParsedStatement parsed = ctx.parsed();
    String qualifier = parsed.qualifierText(original.column());
    if (!isRowAssignment(parsed, original)) {
      ctx.edits().insert(parsed.begin(original.column()),
          qualifier + ctx.name(added) + " = " + piece.text() + ", ", piece.parameters());
    } else {
      ctx.edits().insert(parsed.begin(original.column()), qualifier + ctx.name(added) + ", ", new int[0]);
      ctx.edits().insert(parsed.begin(value), piece.text() + ", ", piece.parameters());
    }
    ctx.applied(move);
  }

  /**
   * Whether, on MariaDB, the added assignment may go before the original one: yes unless a value from
   * the original one on reads the added column (itself, or through the fallback of the written one),
   * which the added assignment would already have changed. Then it goes after the original instead,
   * computed from the column just assigned ({@link #addAfter}), which is exact under MariaDB's
   * left-to-right order. Refused where that cannot help: a multi-table {@code UPDATE}, whose order
   * MariaDB does not define, or a transform with a subquery that could capture the column.
   *
   * @return {@code true} to add before, {@code false} to add after
   */
  private static boolean checkMariaDbOrder(RewriteContext ctx, ColumnAction action, List<Assignment> assignments,
      int at, Identifier added, Identifier written, boolean multiTable)
      throws RewriteRefusedException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    MoveRule move = action.move();
    Assignment original = assignments.get(at);
    if (multiTable) {
      if (reads(ctx, original, original.value(), added) || reads(ctx, original, original.value(), written)) {
        throw ctx.refuse(move, "MariaDB does not define the order of assignments in a multi-table UPDATE, "
            + "and the value '" + ctx.parsed().text(original.value()) + "' reads a column of the move");
      }
      return true;
    }
    // In expand a read of `to` becomes COALESCE(to, forward(from)): it reads `from` as well.
    boolean readsViaFallback = added == move.from()
        && PhaseTable.read(move, PhaseTable.Side.TO).kind() == ColumnAction.Kind.FALLBACK;
    for (int i = at; i < assignments.size(); i++) {
      Assignment later = assignments.get(i);
      if (later.value() != null && (reads(ctx, original, later.value(), added)
          || readsViaFallback && reads(ctx, original, later.value(), move.to()))) {
        if (ReadReference.hasSubquery(action.transform())) {
          throw ctx.refuse(move, "MariaDB assigns left to right, and '" + ctx.parsed().text(later.value())
              + "' reads " + added + (readsViaFallback ? " (through the fallback of " + move.to() + ")" : "")
              + ", which the rewrite assigns before it");
        }
        return false;
      }
    }
    return true;
  }

  /**
   * MariaDB: adds {@code other = transform(column)} just after the original assignment, reading the
   * column it has just assigned ({@code SET price = price + 0.05, price_cents = CAST(ROUND(price * 100) AS INT)}):
   * every value from the original one on then sees both columns as they would be if the statement
   * had assigned one column.
   */
  private static void addAfter(RewriteContext ctx, ColumnAction action, Assignment original)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    String unusable = CompiledRules.unusable(action.transform());
    if (unusable != null) {
      throw ctx.refuse(move, unusable);
    }
    ParsedStatement parsed = ctx.parsed();
    String qualifier = parsed.qualifierText(original.column());
    Table table = original.column().getTable();
    ReadReference.refuseCapture(ctx, move, action.transform(), table == null ? null : table.getName());
    String value = action.transform().apply(qualifier + ctx.name(action.column()));
    ctx.edits().insert(parsed.end(original.value()), ", " + qualifier + ctx.name(action.other()) + " = " + value,
        new int[0]);
    ctx.applied(move);
  }

  /** Whether {@code value} reads {@code column} of the table {@code assignment} writes. */
  private static boolean reads(RewriteContext ctx, Assignment assignment, Object value, Identifier column)
      throws ParsedStatement.Unlocatable {
    for (Column c : ctx.parsed().columnsIn(value, true)) {
      if (ctx.same(column, c.getColumnName()) && readsTarget(ctx, assignment.table(), c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the assignment is part of a row-value assignment, {@code SET (a, b) = (?, ?)} or
   * H2's {@code SET (c) = (?)}: an added column then goes into the column list and its value into
   * the value list, rather than as an assignment of its own inside the parentheses.
   */
  private static boolean isRowAssignment(ParsedStatement parsed, Assignment assignment)
      throws ParsedStatement.Unlocatable {
    if (assignment.set().getColumns().size() > 1) {
      return true;
    }
    return precededByParenthesis(parsed, parsed.firstToken(assignment.column()));
  }

  /** Whether the token just before {@code token} in the text is an opening parenthesis. */
  private static boolean precededByParenthesis(ParsedStatement parsed, Token token) {
    String sql = parsed.sql();
    int i = ParsedStatement.begin(token) - 1;
    while (i >= 0 && Character.isWhitespace(sql.charAt(i))) {
      i--;
    }
    return i >= 0 && sql.charAt(i) == '(';
  }

  private static void redirect(RewriteContext ctx, ColumnAction action, Assignment original)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    ParsedStatement parsed = ctx.parsed();
    Object value = requireValue(ctx, move, original);
    Token nameToken = parsed.lastToken(original.column());
    Column idiom = upsertIdiom(ctx, move, value);
    if (idiom != null) {
      // from = EXCLUDED.from becomes to = EXCLUDED.to: the insert part now writes to. The whole
      // value is replaced, absorbing the read rewrite that made EXCLUDED.from backward(EXCLUDED.to).
      ctx.edits().replace(parsed.begin(value), parsed.end(value), idiomFor(ctx, value, idiom, move.to()), new int[0]);
    } else if (!action.transform().isIdentity()) {
      // A read of `from` in the value has already become backward(to) (ReadRewriter).
      RewriteContext.Piece piece = ctx.transformed(action, original.table(), value, false);
      ctx.edits().replace(parsed.begin(value), parsed.end(value), piece.text(), piece.parameters());
    }
    ctx.edits().replace(ParsedStatement.begin(nameToken), ParsedStatement.end(nameToken), ctx.name(action.other()),
        new int[0]);
    ctx.applied(move);
  }

  /** The upsert idiom {@code value} ({@code EXCLUDED.from}, {@code VALUES(from)}) naming {@code column} instead. */
  private static String idiomFor(RewriteContext ctx, Object value, Column idiom, Identifier column)
      throws ParsedStatement.Unlocatable {
    ParsedStatement parsed = ctx.parsed();
    Token inner = parsed.lastToken(idiom);
    String sql = parsed.sql();
    return sql.substring(parsed.begin(value), ParsedStatement.begin(inner)) + ctx.name(column)
        + sql.substring(ParsedStatement.end(inner), parsed.end(value));
  }

  /** Whether {@code c} reads the written table's row: unqualified, qualified with it, or {@code EXCLUDED}. */
  private static boolean readsTarget(RewriteContext ctx, TableRef table, Column c) {
    Table qualifier = c.getTable();
    return qualifier == null || qualifier.getName() == null || table.isNamedBy(qualifier, ctx.dialect())
        || "excluded".equalsIgnoreCase(qualifier.getName());
  }

  /** The {@code from} inside {@code EXCLUDED.from} or {@code VALUES(from)}, when that is the whole value. */
  private static Column upsertIdiom(RewriteContext ctx, MoveRule move, Object value) {
    if (value instanceof Column c && c.getTable() != null && "excluded".equalsIgnoreCase(c.getTable().getName())
        && c.getTable().getSchemaName() == null && ctx.same(move.from(), c.getColumnName())) {
      return c;
    }
    if (value instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null
        && f.getParameters().size() == 1) {
      Expression argument = f.getParameters().get(0);
      if (argument instanceof Column c && c.getTable() == null && ctx.same(move.from(), c.getColumnName())) {
        return c;
      }
    }
    return null;
  }

  private static Object requireValue(RewriteContext ctx, MoveRule move, Assignment assignment)
      throws RewriteRefusedException {
    if (assignment.value() == null) {
      throw ctx.refuse(move, "the assignment to " + assignment.column().getColumnName()
          + " takes its value from a row expression or subquery that cannot be split per column");
    }
    return assignment.value();
  }
}
