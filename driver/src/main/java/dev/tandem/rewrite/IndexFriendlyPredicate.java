package dev.tandem.rewrite;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.ColumnAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;

/**
 * Rewrites a lookup of the new column by value so that an index on either column can serve it.
 *
 * <p>In expand, {@code to = ?} would become {@code COALESCE(to, from) = ?}, which no plain index
 * can answer. For a move whose forward transform is the identity, a top-level conjunct of a WHERE
 * or ON condition of the form {@code to = v}, {@code v = to} or {@code to IN (v, …)}, where each
 * {@code v} is a marker or a literal, becomes
 * {@code (to = v OR (to IS NULL AND from = v))}: each disjunct is indexable.
 *
 * <p>The two forms agree except where {@code COALESCE(to, from) = v} is FALSE and the rewrite is
 * NULL ({@code to} NULL and {@code from <> v}). As a conjunct of a filter both reject the row; under a
 * NOT, or inside any other expression, they would not, so everywhere else the reference gets
 * {@code COALESCE} from {@link ReadReference}.
 */
final class IndexFriendlyPredicate {
  private IndexFriendlyPredicate() {}

  /**
   * Rewrites the eligible top-level conjuncts of {@code condition}; the columns it rewrote are
   * added to {@code done}.
   */
  static void rewriteConjuncts(RewriteContext ctx, Expression condition, Scope scope, Set<Object> done)
      throws ParsedStatement.Unlocatable, Scope.AmbiguousColumn, java.sql.SQLException {
    if (condition instanceof AndExpression and) {
      rewriteConjuncts(ctx, and.getLeftExpression(), scope, done);
      rewriteConjuncts(ctx, and.getRightExpression(), scope, done);
    } else if (condition instanceof ParenthesedExpressionList<?> group && group.size() == 1) {
      rewriteConjuncts(ctx, group.get(0), scope, done);
    } else if (condition instanceof InExpression in && in.getRightExpression() instanceof AndExpression and) {
      // JSqlParser 5.3 parses `a IN (1, 2) AND b = 1` as `a IN ((1, 2) AND b = 1)`: the list is the
      // first operand of the AND chain, and the other operands are conjuncts of their own.
      List<Expression> operands = new ArrayList<>();
      andOperands(and, operands);
      if (!in.isNot()) {
        rewriteIn(ctx, in.getLeftExpression(), operands.get(0), scope, done);
      }
      for (int i = 1; i < operands.size(); i++) {
        rewriteConjuncts(ctx, operands.get(i), scope, done);
      }
    } else if (condition instanceof InExpression in && !in.isNot()) {
      rewriteIn(ctx, in.getLeftExpression(), in.getRightExpression(), scope, done);
    } else if (condition instanceof EqualsTo equals && equals.getOldOracleJoinSyntax() == 0) {
      Expression left = equals.getLeftExpression();
      Expression right = equals.getRightExpression();
      if (left instanceof Column column && isValue(right)) {
        rewrite(ctx, column, left, ctx.parsed().end(right), scope, done);
      } else if (right instanceof Column column && isValue(left)) {
        rewrite(ctx, column, left, ctx.parsed().end(right), scope, done);
      }
    }
  }

  private static void andOperands(Expression e, List<Expression> out) {
    if (e instanceof AndExpression and) {
      andOperands(and.getLeftExpression(), out);
      andOperands(and.getRightExpression(), out);
    } else {
      out.add(e);
    }
  }

  private static void rewriteIn(RewriteContext ctx, Expression left, Expression list, Scope scope, Set<Object> done)
      throws ParsedStatement.Unlocatable, Scope.AmbiguousColumn, java.sql.SQLException {
    if (!(left instanceof Column column) || !(list instanceof ParenthesedExpressionList<?> values) || values.isEmpty()) {
      return;
    }
    for (Object v : values) {
      if (!isValue(v)) {
        return;
      }
    }
    // Located by its last value and the parenthesis after it: the list's own node is not reliable.
    Token close = ctx.parsed().lastToken(values.get(values.size() - 1)).next;
    if (close == null || !")".equals(close.image)) {
      return;
    }
    rewrite(ctx, column, left, ParsedStatement.end(close), scope, done);
  }

  private static void rewrite(RewriteContext ctx, Column column, Expression first, int end, Scope scope,
      Set<Object> done) throws ParsedStatement.Unlocatable, Scope.AmbiguousColumn, java.sql.SQLException {
    if (done.contains(column)) {
      return;
    }
    TableRef owner = scope.resolve(column, ctx.dialect());
    if (owner == null) {
      return;
    }
    ColumnAction action = ReadReference.action(ctx, owner, column.getColumnName());
    if (action == null || action.kind() != ColumnAction.Kind.FALLBACK || !action.transform().isIdentity()) {
      return;
    }
    MoveRule move = action.move();
    ctx.working(move);
    ParsedStatement parsed = ctx.parsed();
    String sql = parsed.sql();
    int begin = parsed.begin(first);
    int columnBegin = parsed.begin(column);
    int columnEnd = parsed.end(column);
    String from = ReadReference.sibling(ctx, move, column, owner, scope, move.from(), move.forward());
    String original = sql.substring(begin, end);
    String onFrom = sql.substring(begin, columnBegin) + from + sql.substring(columnEnd, end);
    int[] once = ctx.parametersIn(begin, end);
    int[] twice = new int[once.length * 2];
    System.arraycopy(once, 0, twice, 0, once.length);
    System.arraycopy(once, 0, twice, once.length, once.length);
    ctx.edits().replace(begin, end, "(" + original + " OR (" + sql.substring(columnBegin, columnEnd)
        + " IS NULL AND " + onFrom + "))", twice);
    done.add(column);
    ctx.applied(move);
  }

  /** A marker or a literal: a value that is the same for every row and can be written twice. */
  private static boolean isValue(Object e) {
    if (e instanceof SignedExpression signed) {
      return isValue(signed.getExpression());
    }
    if (e instanceof CastExpression cast) {
      return isValue(cast.getLeftExpression());
    }
    return e instanceof JdbcParameter || e instanceof StringValue || e instanceof LongValue
        || e instanceof DoubleValue || e instanceof DateTimeLiteralExpression;
  }
}
