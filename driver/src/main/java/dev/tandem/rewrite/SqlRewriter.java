package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import java.sql.SQLException;

/**
 * The rewrite as a pure function: {@code (sql, rules, dialect) -> plan}. No JDBC objects, no
 * state; the JDBC layer only applies the plans it returns.
 */
@FunctionalInterface
public interface SqlRewriter {

  /** Sends everything as written; the rewriter of a connection with no rules. */
  SqlRewriter PASS_THROUGH = (sql, rules, dialect, columns) -> RewritePlan.passThrough(sql, StatementKind.UNPARSED);

  /**
   * Plans {@code sql} under {@code rules}.
   *
   * @throws RewriteRefusedException when the statement names a moved table but cannot be rewritten
   * @throws SQLException when table metadata needed for the plan cannot be read
   */
  RewritePlan rewrite(String sql, RuleSet rules, Dialect dialect, TableColumns columns) throws SQLException;

  /**
   * Whether {@link #rewrite} could change {@code sql} at all: {@code false} only when it certainly
   * would not (the statement names no moved table). Must be cheap and allocate nothing: it runs on
   * every statement, before the plan cache is consulted.
   */
  default boolean mayRewrite(String sql, RuleSet rules, Dialect dialect) {
    return true;
  }

  /**
   * A move on a table that a view named in {@code sql} reads, in the database {@code columns}
   * describes, or {@code null}. Such a statement is judged by that database's views, so it is
   * planned even when it names no moved table, and its plan is not taken from the shared cache
   * (another database's plan for the same text knows nothing of this one's views). As cheap as
   * {@link #mayRewrite} once the views are known (they are read once per connection and schema).
   */
  default MoveRule viewedMove(String sql, RuleSet rules, Dialect dialect, TableColumns columns) {
    return null;
  }
}
