package dev.tandem.rewrite;

import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import java.sql.SQLException;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Reads of the row an upsert is inserting, anywhere in its update part: PostgreSQL's
 * {@code EXCLUDED.c} and MariaDB's {@code VALUES(c)}, in assigned values (whole or inside an
 * expression, assigned to any column), in {@code DO UPDATE … WHERE} and in subqueries there. The
 * insert part has been rewritten by the phase table, so in contract the inserted {@code from} is
 * not there: it reads as {@code backward(EXCLUDED.to)} ({@link PhaseTable#readInserted}).
 */
final class UpsertValues {
  private final RewriteContext ctx;
  private final TableRef target;
  private final boolean insertNamesBoth;

  private UpsertValues(RewriteContext ctx, TableRef target, boolean insertNamesBoth) {
    this.ctx = ctx;
    this.target = target;
    this.insertNamesBoth = insertNamesBoth;
  }

  /**
   * Rewrites the reads of inserted values in {@code parts} (values and conditions of the update part).
   *
   * @param insertColumns the insert's column list, or {@code null} when it has none
   */
  static void rewrite(RewriteContext ctx, TableRef target, List<Column> insertColumns, List<?> parts)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (!target.isMoved()) {
      return;
    }
    for (MoveRule move : target.moves()) {
      UpsertValues values = new UpsertValues(ctx, target, namesBoth(ctx, move, insertColumns));
      for (Object part : parts) {
        values.walk(part, move);
      }
    }
  }

  private static boolean namesBoth(RewriteContext ctx, MoveRule move, List<Column> columns) {
    if (columns == null) {
      return false;
    }
    boolean from = false;
    boolean to = false;
    for (Column c : columns) {
      PhaseTable.Side side = PhaseTable.sideOf(move, c.getColumnName(), ctx.dialect());
      from |= side == PhaseTable.Side.FROM;
      to |= side == PhaseTable.Side.TO || SplitBackward.namesTo(move, t -> ctx.same(t, c.getColumnName()));
    }
    return from && to;
  }

  private void walk(Object part, MoveRule move) throws SQLException, ParsedStatement.Unlocatable,
      Scope.AmbiguousColumn {
    ColumnReferenceFinder.find(part, part instanceof Select ? part : null, false, new ColumnReferenceFinder.Visitor() {
      @Override
      public void column(Column column) throws RewriteRefusedException, ParsedStatement.Unlocatable {
        Table qualifier = column.getTable();
        if (qualifier != null && qualifier.getSchemaName() == null && "excluded".equalsIgnoreCase(qualifier.getName())) {
          excluded(move, column);
        }
      }

      @Override
      public void subquery(Select select) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
        walk(select, move);
      }

      @Override
      public void exists(ExistsExpression exists) {}

      @Override
      public boolean valuesCall(Function call) throws RewriteRefusedException, ParsedStatement.Unlocatable {
        values(move, call);
        return true;
      }
    });
  }

  /** {@code EXCLUDED.from} becomes {@code backward(EXCLUDED.to)} where the phase table says so. */
  private void excluded(MoveRule move, Column column) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    ColumnAction action = action(move, column.getColumnName());
    if (action == null) {
      return;
    }
    ParsedStatement parsed = ctx.parsed();
    String other = parsed.qualifierText(column) + ctx.name(action.other());
    replace(action, parsed.begin(column), parsed.end(column), other);
  }

  /** MariaDB's {@code VALUES(from)} becomes {@code backward(VALUES(to))} where the phase table says so. */
  private void values(MoveRule move, Function call) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    if (call.getParameters() == null || call.getParameters().size() != 1
        || !(call.getParameters().get(0) instanceof Column column) || column.getTable() != null) {
      return;
    }
    ColumnAction action = action(move, column.getColumnName());
    if (action == null) {
      return;
    }
    ParsedStatement parsed = ctx.parsed();
    String sql = parsed.sql();
    String other = sql.substring(parsed.begin(call), parsed.begin(column)) + ctx.name(action.other())
        + sql.substring(parsed.end(column), parsed.end(call));
    replace(action, parsed.begin(call), parsed.end(call), other);
  }

  private ColumnAction action(MoveRule move, String column) throws RewriteRefusedException {
    PhaseTable.Side side = PhaseTable.sideOf(move, column, ctx.dialect());
    if (side == null) {
      return null;
    }
    ColumnAction action = PhaseTable.readInserted(move, side, insertNamesBoth);
    if (action.kind() == ColumnAction.Kind.REFUSE) {
      throw ctx.refuse(move, action.reason());
    }
    return action.changes() ? action : null;
  }

  private void replace(ColumnAction action, int begin, int end, String otherSql) throws RewriteRefusedException {
    ctx.working(action.move());
    ctx.edits().replace(begin, end, ReadReference.computed(ctx, action, null, otherSql, target), new int[0]);
    ctx.applied(action.move());
  }
}
