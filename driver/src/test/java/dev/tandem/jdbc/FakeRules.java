package dev.tandem.jdbc;

import dev.tandem.Dialect;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** Rule sets and connections for JDBC-layer tests that need a plan other than the identity. */
final class FakeRules {
  private FakeRules() {}

  /** A non-empty rule set (its content does not matter to a fake rewriter). */
  static RuleSet someRules() {
    TableName table = TableName.parse("t");
    MoveRule move = new MoveRule("t.a->b", table, Identifier.parse("a"), Identifier.parse("b"),
        Transform.identityForward(), Transform.identityBackward(), Phase.EXPAND, 0);
    return new RuleSet(1, List.of(move), "test", "");
  }

  /** A Tandem connection over {@code vendor} whose rules are whatever {@code rules} holds. */
  static TandemConnection connection(Connection vendor, AtomicReference<RuleSet> rules, SqlRewriter rewriter)
      throws Exception {
    TandemConfig config = TandemConfig.resolve(Map.of(), null, new Properties(), Map.of());
    return TandemConnection.wrap(vendor, config, Dialect.H2, rules::get, rewriter, new dev.tandem.rewrite.PlanCache(0), () -> { });
  }
}
