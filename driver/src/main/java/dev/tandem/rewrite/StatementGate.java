package dev.tandem.rewrite;

import dev.tandem.rules.RuleSet;
import java.sql.SQLException;

/**
 * A last say on a statement that may name a moved table, asked by the {@code dev.tandem.jdbc.StatementPlanner} before
 * it plans (or serves a cached plan): a statement on no moved table never reaches it. Used to refuse
 * every such statement while this instance may not act on its rules (its fleet lease has lapsed).
 */
@FunctionalInterface
public interface StatementGate {
  /** Lets everything through. */
  StatementGate OPEN = (sql, rules) -> { };

  /**
   * @throws SQLException (SQLState 0A000) when {@code sql} must not run now
   */
  void admit(String sql, RuleSet rules) throws SQLException;
}
