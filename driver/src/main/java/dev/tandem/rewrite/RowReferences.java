package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import java.sql.SQLException;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllTableColumns;

/**
 * References to a whole row of a moved table, and PostgreSQL's field selections from one.
 *
 * <ul>
 *   <li>A whole row ({@code row_to_json(c)}, {@code to_jsonb(c)}, {@code SELECT c FROM customer c},
 *       {@code c = c2}, {@code c.*} anywhere but as a select item) carries the table's stored columns
 *       as they are: in expand the new column without its fallback, in contract the stale old one.
 *       No rewrite can put a computed value inside it, so it is refused (SQLState 0A000) whenever a
 *       move on the table changes reads. PostgreSQL reads a bare name as a column first; the name is
 *       taken for a whole row only when no table in scope has, or may have, a column of that name.
 *   <li>A field selection {@code (c).email} is a column reference of {@code c}: it is rewritten like
 *       {@code c.email}, keeping the field form ({@code COALESCE((c).email_address, (c).email)}).
 * </ul>
 */
final class RowReferences {
  private RowReferences() {}

  /** Refuses {@code column}, a bare name, when it stands for a whole row of a table whose reads change. */
  static void refuseWholeRow(RewriteContext ctx, Column column, Scope scope)
      throws SQLException, Scope.AmbiguousColumn {
    if (ctx.dialect().family() != Dialect.POSTGRESQL || column.getTable() != null && column.getTable().getName() != null) {
      return;
    }
    TableRef row = scope.resolve(new Column(new Table(column.getColumnName()), "*"), ctx.dialect());
    MoveRule move = changingReads(row);
    if (move == null || Boolean.TRUE.equals(scope.isColumn(column.getColumnName(), ctx.dialect()))) {
      return;
    }
    throw refusal(ctx, move, column.getColumnName(), row);
  }

  /** Refuses {@code t.*} outside a select list when {@code t} is a table whose reads change. */
  static void refuseTableStar(RewriteContext ctx, AllTableColumns star, Scope scope)
      throws SQLException, Scope.AmbiguousColumn {
    TableRef row = scope.resolve(new Column(star.getTable(), "*"), ctx.dialect());
    MoveRule move = changingReads(row);
    if (move != null) {
      throw refusal(ctx, move, star.toString(), row);
    }
  }

  /**
   * Rewrites {@code (c).col}, where {@code c} is a table in {@code scope}, as the phase table says for
   * {@code c.col}; returns whether {@code field} was such a selection (else it is a field of a value).
   *
   * @param label whether the selection is a whole select item without an alias, which keeps its name
   */
  static boolean rewriteField(RewriteContext ctx, RowGetExpression field, Scope scope, boolean label)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    Object inner = field.getExpression();
    while (inner instanceof ParenthesedExpressionList<?> group && group.size() == 1) {
      inner = group.get(0);
    }
    if (!(inner instanceof Column row) || row.getTable() != null && row.getTable().getName() != null
        || !Boolean.FALSE.equals(scope.isColumn(row.getColumnName(), ctx.dialect()))) {
      return false; // a composite column's field, or a row that is not a table's
    }
    TableRef owner = scope.resolve(new Column(new Table(row.getColumnName()), field.getColumnName()), ctx.dialect());
    if (owner == null) {
      return false;
    }
    ColumnAction action = ReadReference.action(ctx, owner, field.getColumnName());
    if (action == null) {
      return true;
    }
    MoveRule move = action.move();
    ctx.working(move);
    ParsedStatement parsed = ctx.parsed();
    String rowText = parsed.text(row);
    ReadReference.refuseCapture(ctx, move, action.transform(), row.getColumnName());
    String text = ReadReference.computed(ctx, action, parsed.text(field), "(" + rowText + ")." + ctx.name(action.other()),
        owner);
    ctx.edits().replace(parsed.begin(field), parsed.end(field), text, new int[0]);
    if (label) {
      ctx.edits().insert(parsed.end(field), " AS " + field.getColumnName(), new int[0]);
    }
    ctx.applied(move);
    return true;
  }

  private static MoveRule changingReads(TableRef table) {
    if (table != null) {
      for (MoveRule move : table.moves()) {
        if (PhaseTable.changesReads(move)) {
          return move;
        }
      }
    }
    return null;
  }

  private static RewriteRefusedException refusal(RewriteContext ctx, MoveRule move, String reference, TableRef row) {
    ctx.working(move);
    return ctx.refuse(move, "'" + reference + "' reads the whole row of " + row + ", which carries the stored "
        + "columns as they are (" + move.from() + " and " + move.to() + " without the reads its phase requires); "
        + "name the columns instead");
  }
}
