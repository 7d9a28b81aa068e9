package dev.tandem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.ParameterMap;
import dev.tandem.jdbc.PlanCache;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.RewriteRefusedException;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rewrite.StatementKind;
import dev.tandem.jdbc.StatementPlanner;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.TestRuleSets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();


  /** Rewrites INSERTs, passes SELECTs, refuses anything with "???". */
  private static final SqlRewriter REWRITER = (sql, r, d, c) -> {
    if (sql.contains("???")) {
      throw new RewriteRefusedException("t.a->b", "does not parse");
    }
    if (sql.startsWith("INSERT")) {
      return new RewritePlan(sql, sql + " -- both", ParameterMap.identity(), StatementKind.INSERT,
          List.of("t.a->b"), false);
    }
    return RewritePlan.passThrough(sql, StatementKind.SELECT);
  };

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void planner_countsSeenRewrittenPassedThroughAndRefused() throws Exception {
    RuleSet rules = TestRuleSets.oneMove();
    PlanCache cache = new PlanCache(100);
    TandemMetrics metrics = Metrics.forRegistry(registry);
    metrics.bindPlanCache(cache::size, cache::stats);
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.H2, REWRITER, TableColumns.NONE, false,
        cache, metrics);

    planner.plan("INSERT INTO t (a) VALUES (?)");
    planner.plan("INSERT INTO t (a) VALUES (?)");
    planner.plan("SELECT a FROM t");
    assertThatThrownBy(() -> planner.plan("UPDATE t SET a = ???")).isInstanceOf(RewriteRefusedException.class);

    assertThat(count("tandem.statements", "outcome", "rewritten", "kind", "insert")).isEqualTo(2);
    assertThat(count("tandem.statements", "outcome", "passed_through", "kind", "select")).isEqualTo(1);
    assertThat(count("tandem.statements.moves", "move", "t.a->b", "kind", "insert")).isEqualTo(2);
    assertThat(count("tandem.statements.refused", "move", "t.a->b", "sent_anyway", "false")).isEqualTo(1);
    assertThat(registry.get("tandem.rewrite.time").timer().count()).isEqualTo(2);
    assertThat(registry.get("tandem.plan.cache.requests").tags("result", "hit").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("tandem.plan.cache.size").gauge().value()).isEqualTo(2);
  }

  @Test
  void planner_fastPath_countsPassedThroughUnparsed_withoutAskingTheRewriter() throws Exception {
    RuleSet rules = TestRuleSets.oneMove();
    SqlRewriter namesNothing = new SqlRewriter() {
      @Override
      public RewritePlan rewrite(String sql, RuleSet r, Dialect d, TableColumns c) {
        throw new AssertionError("the fast path must not plan");
      }

      @Override
      public boolean mayRewrite(String sql, RuleSet r, Dialect d) {
        return false;
      }
    };
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.H2, namesNothing, TableColumns.NONE, false,
        new PlanCache(10), Metrics.forRegistry(registry));
    String sql = "SELECT 1";
    assertThat(planner.sqlFor(sql)).isSameAs(sql);
    assertThat(planner.plan(sql).sql()).isSameAs(sql);
    assertThat(count("tandem.statements", "outcome", "passed_through", "kind", "unparsed")).isEqualTo(2);
  }

  @Test
  void bindRuleSource_reportsRevisionAndReloads_once() {
    TandemMetrics metrics = Metrics.forRegistry(registry);
    AtomicLong revision = new AtomicLong(7);
    AtomicLong failed = new AtomicLong(1);
    metrics.bindRuleSource("/etc/rules.yaml", revision::get, () -> 3, failed::get);
    metrics.bindRuleSource("/etc/rules.yaml", revision::get, () -> 3, failed::get);
    revision.set(8);
    assertThat(registry.get("tandem.rules.revision").gauge().value()).isEqualTo(8);
    assertThat(registry.get("tandem.rules.reloads").tags("result", "ok").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("tandem.rules.reloads").tags("result", "failed").functionCounter().count()).isEqualTo(1);
  }

  /**
   * Micrometer holds a gauge's or function counter's state object weakly. The suppliers Tandem binds
   * are lambdas nothing else references, so without a strong hold they are collected and the meters
   * go blank (NaN) after the first garbage collection: seen as empty revision and reload panels.
   */
  @Test
  void bindRuleSource_metersOutliveAGarbageCollection() throws Exception {
    TandemMetrics metrics = Metrics.forRegistry(registry);
    AtomicLong revision = new AtomicLong(7);
    metrics.bindRuleSource("/etc/rules.yaml", () -> revision.get(), () -> 3, () -> 1);
    java.lang.ref.WeakReference<Object> canary = new java.lang.ref.WeakReference<>(new Object());
    for (int i = 0; i < 50 && canary.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(canary.get()).as("a garbage collection ran").isNull();
    assertThat(registry.get("tandem.rules.revision").gauge().value()).isEqualTo(7);
    assertThat(registry.get("tandem.rules.reloads").tags("result", "ok").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("tandem.rules.reloads").tags("result", "failed").functionCounter().count()).isEqualTo(1);
  }
}
