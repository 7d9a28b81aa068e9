package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import dev.tandem.rules.SplitRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.sf.jsqlparser.schema.Column;

/**
 * Writes the old column of a split when a statement writes its targets (behaviour §12):
 * {@code from = backward(first_name, last_name)}, once per statement, from the values the statement
 * writes to the targets and, in an {@code UPDATE}, the row's own value of a target it does not write.
 * The forward direction (a write of {@code from} filling every target) is the pieces' own, through the
 * one-column writers; this class adds what needs all targets at once.
 *
 * <ul>
 *   <li>An assignment list gets {@code from = backward(…)} just before the first assignment to a target.
 *       A target the statement does not assign is read from the row, qualified with the table's alias (or
 *       name): under simultaneous assignment (PostgreSQL, H2) and under MariaDB's left-to-right order it is
 *       the row's value, since nothing assigns it. On MariaDB a value that reads the split's columns after
 *       that point would see the new {@code from} (directly or through a target's fallback) and is refused,
 *       as is a copied value that reads a column assigned before it, and a multi-table {@code UPDATE}.
 *   <li>A column list gets {@code from} at its end and {@code backward(…)} at the end of every row. It must
 *       name every target: a target left out takes its column default, which the backward cannot see.
 * </ul>
 * A target assigned twice, a row-value assignment of a target, and a value with a volatile call (it would be
 * evaluated twice) are refused.
 */
final class SplitBackward {
  private SplitBackward() {}

  /** Whether {@code move} names what the statement writes for the split: any target, for a piece. */
  static boolean namesTo(MoveRule move, Predicate<Identifier> named) {
    if (move.split() == null) {
      return named.test(move.to());
    }
    for (Identifier target : move.split().split().targets()) {
      if (named.test(target)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the split's backward write is for {@code move} (one piece speaks for the split), or
   * {@code null} when {@code move} is not the first piece of a split.
   */
  static ColumnAction action(MoveRule move, Predicate<Identifier> named) {
    if (move.split() == null || !move.split().first()) {
      return null;
    }
    return PhaseTable.writeSplitBackward(move, named.test(move.from()), namesTo(move, named));
  }

  /** A value written to one target: where it is in the statement and the column it is assigned to. */
  record Written(Object value, Column column, int at) {}

  /**
   * Adds {@code from = backward(…)} to an assignment list.
   *
   * @param written the statement's assignments to each target of the table ({@code at} their position)
   * @param all every assignment of the statement, in order, to check MariaDB's order
   * @param qualifier how the row's own columns are qualified ({@code c.})
   */
  static void assign(RewriteContext ctx, ColumnAction action, Map<Identifier, List<Written>> written,
      List<Written> all, String qualifier, boolean multiTable)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    SplitRule split = move.split().split();
    Written first = null;
    for (List<Written> list : written.values()) {
      if (list.size() > 1) {
        throw ctx.refuse(move, "the statement assigns " + list.get(0).column().getColumnName() + " more than once; "
            + "the " + split.describe() + " computes " + split.from() + " from one value of each target");
      }
      if (!list.isEmpty() && (first == null || list.get(0).at() < first.at())) {
        first = list.get(0);
      }
    }
    if (first == null) {
      return;
    }
    ParsedStatement parsed = ctx.parsed();
    if (ctx.dialect().family() == Dialect.MARIADB) {
      checkMariaDbOrder(ctx, move, split, first, written, all, multiTable);
    }
    Map<Identifier, RewriteContext.Piece> values = new HashMap<>();
    for (Identifier target : split.targets()) {
      List<Written> list = written.get(target);
      values.put(target, list == null || list.isEmpty() ? new RewriteContext.Piece(qualifier + ctx.name(target),
          new int[0]) : copied(ctx, move, list.get(0).value()));
    }
    RewriteContext.Piece value = backward(split, values);
    ctx.edits().insert(parsed.begin(first.column()), parsed.qualifierText(first.column()) + ctx.name(split.from())
        + " = " + value.text() + ", ", value.parameters());
    ctx.applied(move);
  }

  /**
   * Adds {@code from} to a column list and {@code backward(…)} to each row.
   *
   * @param targetAt the position of each target in the list (every target must be there)
   * @param rows each row's values, in list order
   * @return the column name to append to the list
   */
  static List<RewriteContext.Piece> rowValues(RewriteContext ctx, ColumnAction action,
      Map<Identifier, Integer> targetAt, List<List<?>> rows) throws RewriteRefusedException,
      ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    SplitRule split = move.split().split();
    List<String> missing = new ArrayList<>();
    for (Identifier target : split.targets()) {
      if (targetAt.get(target) == null) {
        missing.add(target.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw ctx.refuse(move, "the statement writes some targets of the " + split.describe() + " but not "
          + String.join(", ", missing) + ", whose value (its column default) the backward transform cannot see; "
          + "write every target of " + split.targets() + ", or " + split.from());
    }
    List<RewriteContext.Piece> out = new ArrayList<>(rows.size());
    for (List<?> row : rows) {
      Map<Identifier, RewriteContext.Piece> values = new HashMap<>();
      for (Identifier target : split.targets()) {
        values.put(target, copied(ctx, move, row.get(targetAt.get(target))));
      }
      out.add(backward(split, values));
    }
    return out;
  }

  /** The value as the read rewriting left it, refused when evaluating it twice could differ. */
  private static RewriteContext.Piece copied(RewriteContext ctx, MoveRule move, Object value)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    ParsedStatement parsed = ctx.parsed();
    if (value instanceof Column c && c.getTable() == null && "DEFAULT".equalsIgnoreCase(c.getColumnName())) {
      throw ctx.refuse(move, "DEFAULT cannot be written to two columns; write the value");
    }
    String volatileCall = ctx.volatileCall(value);
    if (volatileCall != null) {
      throw ctx.refuse(move, "the value '" + parsed.text(value) + "' calls " + volatileCall
          + ", which may give a different result each time it is evaluated; it cannot be written to two columns."
          + " Compute it in the application and bind it as a parameter");
    }
    TextEdits.Spliced spliced = ctx.edits().spliced(parsed.sql(), parsed.markers(), parsed.begin(value),
        parsed.end(value));
    return new RewriteContext.Piece(spliced.text(), spliced.parameters());
  }

  /** {@code backward} filled in, with the parameters in the order their markers stand in the text. */
  private static RewriteContext.Piece backward(SplitRule split, Map<Identifier, RewriteContext.Piece> values) {
    String text = split.backwardOf(t -> values.get(t).text());
    List<Integer> parameters = new ArrayList<>();
    for (Identifier target : split.placeholderOrder()) {
      for (int p : values.get(target).parameters()) {
        parameters.add(p);
      }
    }
    int[] all = new int[parameters.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = parameters.get(i);
    }
    return new RewriteContext.Piece(text, all);
  }

  private static void checkMariaDbOrder(RewriteContext ctx, MoveRule move, SplitRule split, Written first,
      Map<Identifier, List<Written>> written, List<Written> all, boolean multiTable) throws RewriteRefusedException, ParsedStatement.Unlocatable {
    if (multiTable) {
      throw ctx.refuse(move, "MariaDB does not define the order of assignments in a multi-table UPDATE, and the "
          + split.describe() + " adds an assignment of " + split.from() + " computed from its targets");
    }
    List<Identifier> columns = new ArrayList<>(split.targets());
    columns.add(split.from());
    for (Written later : all) {
      if (later.at() < first.at() || later.value() == null) {
        continue;
      }
      for (Column c : ctx.parsed().columnsIn(later.value(), true)) {
        for (Identifier column : columns) {
          if (ctx.same(column, c.getColumnName())) {
            throw ctx.refuse(move, "MariaDB assigns left to right, and '" + ctx.parsed().text(later.value())
                + "' reads " + column + ", which the rewrite of the " + split.describe() + " changes before it");
          }
        }
      }
    }
    for (List<Written> list : written.values()) {
      for (Written w : list) {
        for (Column c : ctx.parsed().columnsIn(w.value(), true)) {
          for (Written assigned : all) {
            String name = assigned.column().getColumnName();
            if (assigned.at() >= first.at() && assigned.at() < w.at()
                && ctx.dialect().canonical(name).equals(ctx.dialect().canonical(c.getColumnName()))) {
              throw ctx.refuse(move, "MariaDB assigns left to right, and '" + ctx.parsed().text(w.value())
                  + "' reads " + name + ", assigned before it; the " + split.describe() + " copies that value");
            }
          }
        }
      }
    }
  }
}
