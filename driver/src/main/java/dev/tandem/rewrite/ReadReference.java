package dev.tandem.rewrite;

import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.PhaseTable;
import dev.tandem.rules.Transform;
import net.sf.jsqlparser.schema.Column;

/**
 * Rewrites one read of a moved column that {@link Scope} has resolved to its table.
 *
 * <ul>
 *   <li>expand, a read of {@code to}: {@code COALESCE(to, forward(from))}, since rows written before
 *       the expand have only {@code from};
 *   <li>contract, a read of {@code from}: {@code backward(to)}, since rows written since then have
 *       only {@code to}; a one-way move has no backward transform and is refused.
 * </ul>
 *
 * <p>{@code {from}} (or {@code {to}}) becomes the other column qualified the way the query qualifies
 * the reference. An unqualified reference gets the table's alias or name as qualifier when the
 * transform has a subquery, or when the table belongs to an enclosing query block: otherwise a table
 * of the inner block with a column of that name would capture it.
 */
final class ReadReference {
  private ReadReference() {}

  /**
   * What the phase table makes of a read of {@code column} of {@code owner}: the action of the
   * first move on the table that changes it, or {@code null} when none does.
   */
  static ColumnAction action(RewriteContext ctx, TableRef owner, String column) {
    return action(ctx, owner, column, false);
  }

  /**
   * The same for a column as SQL writes it ({@code exact} false: folded unless quoted) or as
   * metadata spells it ({@code exact} true).
   */
  static ColumnAction action(RewriteContext ctx, TableRef owner, String column, boolean exact) {
    for (MoveRule move : owner.moves()) {
      PhaseTable.Side side = exact ? PhaseTable.sideOfExact(move, column, ctx.dialect())
          : PhaseTable.sideOf(move, column, ctx.dialect());
      if (side != null) {
        ColumnAction action = PhaseTable.read(move, side);
        if (action.changes()) {
          return action;
        }
      }
    }
    return null;
  }

  /**
   * Replaces {@code column}, a read resolved to {@code owner}, as the phase table says.
   *
   * @param label whether the reference is a whole select item without an alias, which then keeps
   *     the name the application reads it by ({@code … AS last_message_at})
   * @param labelAt where the label goes (just after the item, which may be a parenthesis after the reference)
   * @param output the label of the result column the reference is (its alias or its name), or
   *     {@code null} when it is not a whole select item
   */
  static void rewrite(RewriteContext ctx, Column column, TableRef owner, Scope scope, boolean label, int labelAt,
      String output) throws java.sql.SQLException, ParsedStatement.Unlocatable {
    ColumnAction action = action(ctx, owner, column.getColumnName());
    if (action == null) {
      return;
    }
    MoveRule move = action.move();
    ctx.working(move);
    if (action.kind() == ColumnAction.Kind.REFUSE) {
      throw ctx.refuse(move, action.reason());
    }
    ParsedStatement parsed = ctx.parsed();
    String other = sibling(ctx, move, column, owner, scope, action.other(), action.transform());
    String text = computed(ctx, action, parsed.text(column), other, owner);
    ctx.edits().replace(parsed.begin(column), parsed.end(column), text, new int[0]);
    if (label) {
      ctx.edits().insert(labelAt, " AS " + parsed.nameText(column), new int[0]);
    }
    ctx.computedResult(output, move, owner, action.column());
    ctx.applied(move);
  }

  /**
   * The SQL that stands for a read the phase table changes: {@code COALESCE(column, forward(other))}
   * or {@code backward(other)}, with the declared type of the column read where metadata knows it.
   *
   * @param columnSql the reference as the statement writes it
   * @param otherSql the reference to the other column, qualified alike
   */
  static String computed(RewriteContext ctx, ColumnAction action, String columnSql, String otherSql, TableRef owner)
      throws RewriteRefusedException {
    MoveRule move = action.move();
    switch (action.kind()) {
      case FALLBACK:
        return "COALESCE(" + columnSql + ", " + ctx.typed(owner, action,
            action.transform().apply(otherSql)) + ")";
      case COMPUTE:
        if (move.split() != null) {
          return enclosed(ctx.typed(owner, action, splitBackward(ctx, move, otherSql, owner)));
        }
        return enclosed(ctx.typed(owner, action, action.transform().apply(otherSql)));
      case REFUSE:
        throw ctx.refuse(move, action.reason());
      default:
        throw new IllegalStateException("not a read action: " + action);
    }
  }

  /**
   * A split's {@code from} read in contract: its backward transform over every target, each qualified as
   * {@code otherSql} (the reference to this piece's target) is, or with the table's alias or name where
   * that is unqualified, since another table of the query may have a column named like another target.
   */
  private static String splitBackward(RewriteContext ctx, MoveRule move, String otherSql, TableRef owner)
      throws RewriteRefusedException {
    String wrapped = ctx.name(move.to()) + ")";
    if (otherSql.regionMatches(true, 0, "VALUES(", 0, 7) && otherSql.endsWith(wrapped)) {
      // MariaDB's VALUES(name) of an upsert: each target's inserted value, VALUES(first_name), VALUES(last_name).
      String open = otherSql.substring(0, otherSql.length() - wrapped.length());
      return move.split().split().backwardOf(t -> open + ctx.name(t) + ")");
    }
    int nameAt = otherSql.length();
    char last = otherSql.charAt(nameAt - 1);
    if (last == '"' || last == '`') {
      nameAt = otherSql.lastIndexOf(last, nameAt - 2);
    } else {
      while (nameAt > 0 && (Character.isLetterOrDigit(otherSql.charAt(nameAt - 1)) || "_$".indexOf(
          otherSql.charAt(nameAt - 1)) >= 0)) {
        nameAt--;
      }
    }
    String prefix = otherSql.substring(0, Math.max(nameAt, 0));
    if (nameAt < 0 || !prefix.isEmpty() && !prefix.endsWith(".")) {
      throw ctx.refuse(move, "the read of " + move.from() + " cannot be computed from the targets of the "
          + move.split().split().describe() + " here (" + otherSql + ")");
    }
    if (prefix.isEmpty() && owner != null && owner.table() != null && owner.table().getName() != null) {
      prefix = (owner.alias() != null ? owner.alias() : owner.table().getFullyQualifiedName()) + ".";
    }
    String qualifier = prefix;
    return move.split().split().backwardOf(t -> qualifier + ctx.name(t));
  }

  /**
   * A reference to {@code other}, the move's other column, in the same table as {@code column},
   * for use in {@code transform}.
   */
  static String sibling(RewriteContext ctx, MoveRule move, Column column, TableRef owner, Scope scope,
      Identifier other, Transform transform) throws java.sql.SQLException, ParsedStatement.Unlocatable {
    String qualifier = ctx.parsed().qualifierText(column);
    String qualifierName = column.getTable() == null ? null : column.getTable().getName();
    boolean subquery = hasSubquery(transform);
    if (qualifier.isEmpty() && (subquery || !scope.tables().contains(owner)
        || scope.mayCapture(owner, other.sql(ctx.dialect()), ctx.dialect()))) {
      qualifierName = owner.alias() != null ? owner.alias() : owner.table().getName();
      qualifier = (owner.alias() != null ? owner.alias() : owner.table().getFullyQualifiedName()) + ".";
    }
    refuseCapture(ctx, move, transform, qualifierName);
    return qualifier + ctx.name(other);
  }

  /** Refuses a qualifier that the transform's own text uses, where it would name the transform's table. */
  static void refuseCapture(RewriteContext ctx, MoveRule move, Transform transform, String qualifierName)
      throws RewriteRefusedException {
    // A cross-table lookup declares one name, its alias: the other names in it cannot capture a qualifier.
    boolean lookup = CrossTableReads.isLookup(transform);
    if (qualifierName != null && !transform.isIdentity()
        && (lookup ? qualifierName.equalsIgnoreCase(CrossTableReads.ALIAS)
            : RewriteContext.containsWord(transform.template(), ctx.dialect().canonical(qualifierName)))) {
      throw ctx.refuse(move, "the statement calls table " + move.table() + " '" + qualifierName
          + "', a name the transform '" + transform.template() + "' also uses; use another alias");
    }
  }

  static boolean hasSubquery(Transform transform) {
    return !transform.isIdentity() && RewriteContext.containsWord(transform.template(), "select");
  }

  /**
   * {@code text} safe to stand where a column reference stood: parenthesised unless it is a bare
   * name, one function call or already one parenthesised group.
   */
  static String enclosed(String text) {
    int open = text.indexOf('(');
    boolean nameOnly = open < 0 && text.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_$.\"`".indexOf(c) >= 0);
    if (nameOnly) {
      return text;
    }
    if (open >= 0 && text.endsWith(")") && text.substring(0, open).chars().allMatch(c -> Character.isLetterOrDigit(c)
        || c == '_' || c == '.') && closingParen(text, open) == text.length() - 1) {
      return text;
    }
    return "(" + text + ")";
  }

  /** The index of the parenthesis closing the one at {@code open}, skipping quoted text, or -1. */
  static int closingParen(String text, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
