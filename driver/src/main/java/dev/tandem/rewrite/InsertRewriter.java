package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Rewrites {@code INSERT} in all its forms: {@code VALUES} with one or many rows, {@code SELECT}
 * (every branch of a set operation), without a column list (the list is written out from table
 * metadata), MariaDB's {@code INSERT … SET} and {@code REPLACE}, and the update part of
 * {@code ON CONFLICT … DO UPDATE} and {@code ON DUPLICATE KEY UPDATE} (through
 * {@link AssignmentWriter}). {@code RETURNING} is left as written.
 */
final class InsertRewriter {
  private InsertRewriter() {}

  static StatementKind rewrite(RewriteContext ctx, Insert insert)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    InsertConflictAction conflict = insert.getConflictAction();
    boolean upsert = conflict != null || insert.getDuplicateUpdateSets() != null;
    TableRef target = ctx.tableRef(insert.getTable());
    if (!target.isMoved()) {
      return upsert ? StatementKind.UPSERT : StatementKind.INSERT;
    }
    Scope scope = new Scope(null, List.of(target));
    if (insert.isUseSet()) {
      AssignmentWriter.rewrite(ctx, insert.getSetUpdateSets(), scope, false);
    } else {
      writeRows(ctx, target, insert.getColumns(), insert.getSelect());
    }
    AssignmentWriter.rewrite(ctx, insert.getDuplicateUpdateSets(), scope, false);
    ConflictTarget.rewrite(ctx, insert, target);
    if (conflict != null && conflict.getConflictActionType() == ConflictActionType.DO_UPDATE) {
      AssignmentWriter.rewrite(ctx, conflict.getUpdateSets(), scope, false);
    }
    return upsert ? StatementKind.UPSERT : StatementKind.INSERT;
  }

  /** {@code REPLACE INTO} and {@code UPSERT INTO}: an insert that replaces a conflicting row. */
  static StatementKind rewrite(RewriteContext ctx, Upsert upsert)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    TableRef target = ctx.tableRef(upsert.getTable());
    if (!target.isMoved()) {
      return StatementKind.UPSERT;
    }
    Scope scope = new Scope(null, List.of(target));
    MergeRewriter.checkH2Key(ctx, upsert, target);
    if (upsert.getSelect() != null) {
      writeRows(ctx, target, upsert.getColumns(), upsert.getSelect());
    } else if (upsert.getUpdateSets() != null) {
      AssignmentWriter.rewrite(ctx, upsert.getUpdateSets(), scope, false);
    } else {
      throw ctx.refuse(target.moves().get(0), "this form of " + upsert.getUpsertType() + " is not supported");
    }
    AssignmentWriter.rewrite(ctx, upsert.getDuplicateUpdateSets(), scope, false);
    return StatementKind.UPSERT;
  }

  private static void writeRows(RewriteContext ctx, TableRef target, ExpressionList<Column> columns, Select source)
      throws SQLException, ParsedStatement.Unlocatable {
    MoveRule first = target.moves().get(0);
    if (source == null) {
      return; // INSERT … DEFAULT VALUES names no column
    }
    if (columns != null && !columns.isEmpty()) {
      ParsedStatement parsed = ctx.parsed();
      ColumnListWriter.ColumnList list =
          ColumnListWriter.ColumnList.written(columns, parsed.end(columns.get(columns.size() - 1)));
      ColumnListWriter.rewrite(ctx, target, list, () -> rowsOf(ctx, first, source));
      return;
    }
    if (source.getWithItemsList() != null && !source.getWithItemsList().isEmpty()) {
      throw ctx.refuse(first, "an INSERT … WITH … SELECT without a column list is not supported; name the columns");
    }
    List<ColumnListWriter.Row> rows = rowsOf(ctx, first, source);
    int width = rows.isEmpty() ? 0 : rows.get(0).values().size();
    Table table = target.table();
    List<String> tableColumns = ctx.columnsOf(first, table);
    for (MoveRule move : target.moves()) {
      // Once the old column is dropped, the table no longer says where the old version's values go:
      // its values were laid out for a table that had `from`, and by position they would land in
      // the wrong columns. Only a column list can say.
      if (PhaseTable.write(move, true, false).kind() == ColumnAction.Kind.REDIRECT
          && !hasColumn(ctx, tableColumns, move)) {
        throw ctx.refuse(move, "the statement has no column list and table " + table.getFullyQualifiedName()
            + " no longer has " + move.from() + ", so which column each value is meant for cannot be known; "
            + "name the columns");
      }
    }
    // PostgreSQL fills the first N columns from N values; MariaDB and H2 reject any other count, except
    // that an old version's row leaves out exactly the new columns the expand migrations added at the end:
    // those the rewrite fills. Any other short row is refused, as the database would refuse it.
    if (tableColumns.size() < width || (tableColumns.size() > width && ctx.dialect() != Dialect.POSTGRESQL
        && !onlyNewColumnsAfter(ctx, target, tableColumns, width))) {
      throw ctx.refuse(first, "the statement has " + width + " values but table " + table.getFullyQualifiedName()
          + " has " + tableColumns.size() + " columns");
    }
    ColumnListWriter.ColumnList list = ColumnListWriter.ColumnList.fromMetadata(
        tableColumns.subList(0, width), ctx.parsed().begin(source));
    ColumnListWriter.rewrite(ctx, target, list, () -> rows);
  }

  /** Whether every column from position {@code width} on is the new column of a move on {@code target}. */
  private static boolean onlyNewColumnsAfter(RewriteContext ctx, TableRef target, List<String> columns, int width) {
    for (String name : columns.subList(width, columns.size())) {
      boolean isNew = false;
      for (MoveRule move : target.moves()) {
        isNew |= PhaseTable.sideOfExact(move, name, ctx.dialect()) == PhaseTable.Side.TO;
      }
      if (!isNew) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasColumn(RewriteContext ctx, List<String> columns, MoveRule move) {
    for (String name : columns) {
      if (PhaseTable.sideOfExact(move, name, ctx.dialect()) == PhaseTable.Side.FROM) {
        return true;
      }
    }
    return false;
  }

  /** The rows that {@code source} feeds into the column list, one per VALUES row or select branch. */
  static List<ColumnListWriter.Row> rowsOf(RewriteContext ctx, MoveRule move, Select source)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    List<ColumnListWriter.Row> rows = new ArrayList<>();
    collectRows(ctx, move, source, rows);
    return rows;
  }

  private static void collectRows(RewriteContext ctx, MoveRule move, Select source, List<ColumnListWriter.Row> rows)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    ParsedStatement parsed = ctx.parsed();
    if (source instanceof Values values) {
      ExpressionList<?> expressions = values.getExpressions();
      if (expressions instanceof ParenthesedExpressionList) {
        rows.add(rowOf(parsed, expressions));
      } else {
        for (Object row : expressions) {
          if (!(row instanceof ParenthesedExpressionList<?> list)) {
            throw ctx.refuse(move, "the VALUES row '" + row + "' is not a parenthesised list");
          }
          rows.add(rowOf(parsed, list));
        }
      }
    } else if (source instanceof PlainSelect select) {
      List<Object> values = new ArrayList<>();
      for (SelectItem<?> item : select.getSelectItems()) {
        if (item.getExpression() instanceof AllColumns) {
          throw ctx.refuse(move, "the INSERT takes its values from '" + item
              + "'; name the selected columns so that the moved column's value can be duplicated");
        }
        values.add(item.getExpression());
      }
      SelectItem<?> last = select.getSelectItems().get(select.getSelectItems().size() - 1);
      rows.add(new ColumnListWriter.Row(values, parsed.end(last)));
    } else if (source instanceof SetOperationList union) {
      for (Select branch : union.getSelects()) {
        collectRows(ctx, move, branch, rows);
      }
    } else if (source instanceof ParenthesedSelect parenthesed) {
      collectRows(ctx, move, parenthesed.getSelect(), rows);
    } else {
      throw ctx.refuse(move, "an INSERT fed by " + source.getClass().getSimpleName() + " is not supported");
    }
  }

  private static ColumnListWriter.Row rowOf(ParsedStatement parsed, List<?> items) throws ParsedStatement.Unlocatable {
    return new ColumnListWriter.Row(items, parsed.end(items.get(items.size() - 1)));
  }
}
