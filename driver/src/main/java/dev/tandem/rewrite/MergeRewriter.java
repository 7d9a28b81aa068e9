package dev.tandem.rewrite;

import java.util.List;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;

/**
 * Rewrites {@code MERGE} (PostgreSQL 15+, H2): every {@code WHEN MATCHED THEN UPDATE SET} as an
 * assignment list and every {@code WHEN NOT MATCHED THEN INSERT (…) VALUES (…)} as a one-row
 * insert, both against the merge target.
 */
final class MergeRewriter {
  private MergeRewriter() {}

  static StatementKind rewrite(RewriteContext ctx, Merge merge)
      throws java.sql.SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    TableRef target = ctx.tableRef(merge.getTable());
    if (!target.isMoved()) {
      return StatementKind.MERGE;
    }
    Scope scope = new Scope(null, List.of(target));
    ParsedStatement parsed = ctx.parsed();
    for (MergeOperation operation : operations(merge)) {
      if (operation instanceof MergeUpdate update) {
        AssignmentWriter.rewrite(ctx, update.getUpdateSets(), scope, false);
      } else if (operation instanceof MergeInsert insert) {
        ExpressionList<Column> columns = insert.getColumns();
        ExpressionList<?> values = insert.getValues();
        if (values == null || values.isEmpty()) {
          continue; // INSERT DEFAULT VALUES writes no column by name
        }
        if (columns == null || columns.isEmpty()) {
          throw ctx.refuse(target.moves().get(0),
              "a MERGE … INSERT without a column list is not supported; name the columns");
        }
        ColumnListWriter.ColumnList list =
            ColumnListWriter.ColumnList.written(columns, parsed.end(columns.get(columns.size() - 1)));
        ColumnListWriter.rewrite(ctx, target, list,
            () -> List.of(new ColumnListWriter.Row(values, parsed.end(values.get(values.size() - 1)))));
      }
    }
    return StatementKind.MERGE;
  }

  private static List<MergeOperation> operations(Merge merge) {
    if (merge.getOperations() != null) {
      return merge.getOperations();
    }
    return List.of();
  }
}
