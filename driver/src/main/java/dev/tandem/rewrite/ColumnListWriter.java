package dev.tandem.rewrite;

import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.PhaseTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.schema.Column;

/**
 * Rewrites a column list and the rows that feed it: {@code INSERT (…) VALUES}, the select lists of
 * {@code INSERT (…) SELECT} and the {@code INSERT} of a {@code MERGE}.
 *
 * <p>A dual write appends the other column to the end of the list and its value to the end of every
 * row. The end, rather than next to the original, so that positional references of an
 * {@code INSERT … SELECT} ({@code ORDER BY 2}, {@code GROUP BY 1}) keep pointing where they did.
 * A redirect (contract) renames the column in place and transforms its value in every row.
 */
final class ColumnListWriter {
  /** One row: its values in column order and the offset just after its last value. */
  record Row(List<?> values, int end) {}

  /**
   * The column list: either the application's ({@code columns} with {@code end} just after the
   * last one), or, when the statement has none, the names from metadata ({@code metadataNames},
   * written as a new list before {@code listAt}).
   */
  record ColumnList(List<Column> columns, int end, List<String> metadataNames, int listAt) {
    static ColumnList written(List<Column> columns, int end) {
      return new ColumnList(columns, end, null, -1);
    }

    static ColumnList fromMetadata(List<String> names, int listAt) {
      return new ColumnList(null, -1, names, listAt);
    }

    int size() {
      return columns != null ? columns.size() : metadataNames.size();
    }
  }

  /** The rows, read only when a move needs them (so a {@code SELECT *} source is refused only then). */
  @FunctionalInterface
  interface Rows {
    List<Row> read() throws RewriteRefusedException, ParsedStatement.Unlocatable;
  }

  private ColumnListWriter() {}

  static void rewrite(RewriteContext ctx, TableRef target, ColumnList list, Rows source)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    if (!target.isMoved()) {
      return;
    }
    List<Row> rows = null;
    for (MoveRule move : target.moves()) {
      if (needsRows(ctx, list, move) || splitAction(ctx, list, move) != null) {
        ctx.working(move);
        rows = source.read();
        break;
      }
    }
    if (rows == null) {
      return;
    }
    for (Row row : rows) {
      if (row.values().size() != list.size()) {
        throw ctx.refuse(target.moves().get(0), "a row has " + row.values().size()
            + " values for " + list.size() + " columns");
      }
    }
    List<String> synthetic = list.metadataNames() == null ? null : new ArrayList<>();
    if (synthetic != null) {
      for (String n : list.metadataNames()) {
        synthetic.add(ctx.dialect().quote(n));
      }
    }
    boolean changed = false;
    for (MoveRule move : target.moves()) {
      ctx.working(move);
      ColumnAction action = action(ctx, list, move);
      int at = indexOf(ctx, list, action.column());
      switch (action.kind()) {
        case REDIRECT -> redirect(ctx, action, target, list, synthetic, rows, at);
        case ALSO_WRITE -> append(ctx, action, target, list, synthetic, rows, at);
        case REFUSE -> throw ctx.refuse(move, action.reason());
        default -> {
          continue;
        }
      }
      changed = true;
    }
    for (MoveRule move : target.moves()) {
      ColumnAction backward = splitAction(ctx, list, move);
      if (backward != null) {
        ctx.working(move);
        appendSplitBackward(ctx, backward, list, synthetic, rows);
        changed = true;
      }
    }
    if (synthetic != null && changed) {
      ctx.edits().insert(list.listAt(), "(" + String.join(", ", synthetic) + ") ", new int[0]);
    }
  }

  /** A split's backward write for the list ({@link SplitBackward}), or {@code null} when there is none. */
  private static ColumnAction splitAction(RewriteContext ctx, ColumnList list, MoveRule move)
      throws RewriteRefusedException {
    ColumnAction action = SplitBackward.action(move, c -> indexOf(ctx, list, c) >= 0);
    if (action != null && action.kind() == ColumnAction.Kind.REFUSE) {
      throw ctx.refuse(move, action.reason());
    }
    return action == null || action.kind() == ColumnAction.Kind.UNCHANGED ? null : action;
  }

  /** Appends the split's {@code from} to the list and {@code backward(targets)} to every row. */
  private static void appendSplitBackward(RewriteContext ctx, ColumnAction action, ColumnList list,
      List<String> synthetic, List<Row> rows) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    Map<Identifier, Integer> targetAt = new HashMap<>();
    for (Identifier target : move.split().split().targets()) {
      int at = indexOf(ctx, list, target);
      if (at >= 0) {
        targetAt.put(target, at);
      }
    }
    List<List<?>> values = new ArrayList<>();
    rows.forEach(r -> values.add(r.values()));
    List<RewriteContext.Piece> pieces = SplitBackward.rowValues(ctx, action, targetAt, values);
    String column = ctx.name(move.from());
    if (synthetic != null) {
      synthetic.add(column);
    } else {
      ctx.edits().insert(list.end(), ", " + column, new int[0]);
    }
    for (int r = 0; r < rows.size(); r++) {
      ctx.edits().insert(rows.get(r).end(), ", " + pieces.get(r).text(), pieces.get(r).parameters());
    }
    ctx.applied(move);
  }

  private static boolean needsRows(RewriteContext ctx, ColumnList list, MoveRule move) {
    return action(ctx, list, move).changes();
  }

  /** What the phase table makes of the list's writes of {@code move}'s columns. */
  private static ColumnAction action(RewriteContext ctx, ColumnList list, MoveRule move) {
    return PhaseTable.write(move, indexOf(ctx, list, move.from()) >= 0,
        SplitBackward.namesTo(move, c -> indexOf(ctx, list, c) >= 0));
  }

  private static int indexOf(RewriteContext ctx, ColumnList list, Identifier column) {
    for (int i = 0; i < list.size(); i++) {
      boolean same = list.columns() != null
          ? ctx.same(column, list.columns().get(i).getColumnName())
          : column.canonical(ctx.dialect()).equals(ctx.dialect().canonical(list.metadataNames().get(i), true));
      if (same) {
        return i;
      }
    }
    return -1;
  }

  private static void append(RewriteContext ctx, ColumnAction action, TableRef target, ColumnList list,
      List<String> synthetic, List<Row> rows, int sourceAt) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    String column = ctx.name(action.other());
    List<RewriteContext.Piece> values = new ArrayList<>(rows.size());
    for (Row row : rows) {
      values.add(ctx.transformed(action, target, row.values().get(sourceAt), true));
    }
    if (synthetic != null) {
      synthetic.add(column);
    } else {
      ctx.edits().insert(list.end(), ", " + column, new int[0]);
    }
    for (int r = 0; r < rows.size(); r++) {
      RewriteContext.Piece value = values.get(r);
      ctx.edits().insert(rows.get(r).end(), ", " + value.text(), value.parameters());
    }
    ctx.applied(move);
  }

  private static void redirect(RewriteContext ctx, ColumnAction action, TableRef target, ColumnList list,
      List<String> synthetic, List<Row> rows, int fromAt) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    ParsedStatement parsed = ctx.parsed();
    List<RewriteContext.Piece> values = new ArrayList<>(rows.size());
    for (Row row : rows) {
      values.add(action.transform().isIdentity() ? null
          : ctx.transformed(action, target, row.values().get(fromAt), false));
    }
    if (synthetic != null) {
      synthetic.set(fromAt, ctx.name(action.other()));
    } else {
      var nameToken = parsed.lastToken(list.columns().get(fromAt));
      ctx.edits().replace(ParsedStatement.begin(nameToken), ParsedStatement.end(nameToken), ctx.name(action.other()),
          new int[0]);
    }
    for (int r = 0; r < rows.size(); r++) {
      RewriteContext.Piece value = values.get(r);
      if (value != null) {
        Object element = rows.get(r).values().get(fromAt);
        ctx.edits().replace(parsed.begin(element), parsed.end(element), value.text(), value.parameters());
      }
    }
    ctx.applied(move);
  }
}
