package dev.tandem.rewrite;

import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;

/**
 * The conflict target of {@code INSERT … ON CONFLICT (c, …)}, seen through the phase table: in
 * contract the old version's {@code ON CONFLICT (from)} means the key the row is now written to,
 * {@code to} ({@link PhaseTable#conflictTarget}); the unique index on {@code to} that the contract
 * migration needs serves it. A target Tandem cannot see into (a named constraint, an index
 * expression) is refused in contract: it may cover {@code from}, whose values are no longer written.
 */
final class ConflictTarget {
  private ConflictTarget() {}

  static void rewrite(RewriteContext ctx, Insert insert, TableRef table) throws RewriteRefusedException {
    InsertConflictTarget target = insert.getConflictTarget();
    if (target == null) {
      return;
    }
    for (MoveRule move : table.moves()) {
      if (!PhaseTable.conflictTarget(move, PhaseTable.Side.FROM).changes()) {
        continue;
      }
      ctx.working(move);
      if (target.getConstraintName() != null || target.getIndexExpression() != null) {
        throw ctx.refuse(move, "the conflict target '" + target + "' may cover " + move.from()
            + ", which the contract phase no longer writes, and Tandem cannot see its columns; name the columns, "
            + "ON CONFLICT (" + move.to() + ")");
      }
      if (target.getIndexColumnNames() == null) {
        continue;
      }
      for (String name : target.getIndexColumnNames()) {
        PhaseTable.Side side = PhaseTable.sideOf(move, name, ctx.dialect());
        if (side == null) {
          continue;
        }
        ColumnAction action = PhaseTable.conflictTarget(move, side);
        if (action.kind() == ColumnAction.Kind.REFUSE) {
          throw ctx.refuse(move, action.reason());
        }
        if (action.kind() == ColumnAction.Kind.REDIRECT) {
          Token token = find(ctx, name);
          if (token == null) {
            throw ctx.refuse(move, "the conflict target " + name + " cannot be located in the statement");
          }
          ctx.edits().replace(ParsedStatement.begin(token), ParsedStatement.end(token), ctx.name(action.other()),
              new int[0]);
          ctx.applied(move);
        }
      }
    }
  }

  /** The token of {@code name} in the parenthesised list after {@code ON CONFLICT}. */
  private static Token find(RewriteContext ctx, String name) {
    Token t = ctx.parsed().firstToken();
    Token previous = null;
    for (; t != null && t.kind != 0; previous = t, t = t.next) {
      if (previous != null && "ON".equalsIgnoreCase(previous.image) && "CONFLICT".equalsIgnoreCase(t.image)) {
        break;
      }
    }
    if (t == null || t.kind == 0 || t.next == null || !"(".equals(t.next.image)) {
      return null;
    }
    for (Token c = t.next.next; c != null && c.kind != 0 && !")".equals(c.image); c = c.next) {
      if (c.image.equals(name)) {
        return c;
      }
    }
    return null;
  }
}
