package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.TestRuleSets;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** Rule sets and connections for JDBC-layer tests that need a plan other than the identity. */
final class FakeRules {
  private FakeRules() {}


  /** A Tandem connection over {@code vendor} whose rules are whatever {@code rules} holds. */
  static TandemConnection connection(Connection vendor, AtomicReference<RuleSet> rules, SqlRewriter rewriter)
      throws Exception {
    TandemConfig config = TandemConfig.resolve(Map.of(), null, new Properties(), Map.of());
    return TandemConnection.wrap(vendor, config, Dialect.H2, rules::get, true, rewriter, new dev.tandem.jdbc.PlanCache(0),
        dev.tandem.metrics.TandemMetrics.NOOP, () -> { });
  }
}
