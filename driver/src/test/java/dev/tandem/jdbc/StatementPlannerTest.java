package dev.tandem.jdbc;

import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.rewrite.ParameterMap;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.RewriteRefusedException;
import dev.tandem.rewrite.SearchPath;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rewrite.StatementKind;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rewrite.TestRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.TestRuleSets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatementPlannerTest {
  private final AtomicInteger rewrites = new AtomicInteger();


  private SqlRewriter counting(boolean fromMetadata) {
    return (sql, r, d, c) -> {
      rewrites.incrementAndGet();
      return new RewritePlan(sql, sql + " /* rewritten */", ParameterMap.identity(), StatementKind.SELECT,
          List.of("t.a->b"), fromMetadata);
    };
  }

  @Test
  void plan_isCachedPerRevision_andANewRuleSetMisses() throws Exception {
    AtomicReference<RuleSet> current = new AtomicReference<>(TestRuleSets.oneMove());
    PlanCache cache = new PlanCache(100);
    StatementPlanner planner = new StatementPlanner(current::get, Dialect.H2, counting(false), TableColumns.NONE,
        false, cache, dev.tandem.metrics.TandemMetrics.NOOP);
    RewritePlan first = planner.plan("SELECT a FROM t");
    assertThat(planner.plan("SELECT a FROM t")).isSameAs(first);
    assertThat(rewrites).hasValue(1);
    current.set(TestRuleSets.oneMove());
    assertThat(planner.plan("SELECT a FROM t")).isNotSameAs(first);
    assertThat(rewrites).hasValue(2);
    assertThat(cache.stats().hitCount()).as("the planner's own recent plans answer first, counted as hits").isEqualTo(1);
    StatementPlanner another = new StatementPlanner(current::get, Dialect.H2, counting(false), TableColumns.NONE,
        false, cache, dev.tandem.metrics.TandemMetrics.NOOP);
    assertThat(another.plan("SELECT a FROM t")).as("shared through the cache").isSameAs(planner.plan("SELECT a FROM t"));
    assertThat(rewrites).hasValue(2);
    assertThat(cache.stats().hitCount()).isEqualTo(3);
  }

  @Test
  void repeatedStatement_isAnsweredFromRecentPlans_withoutAllocating() throws Exception {
    RuleSet rules = TestRuleSets.oneMove();
    AtomicInteger scans = new AtomicInteger();
    SqlRewriter rewriter = new SqlRewriter() {
      @Override
      public RewritePlan rewrite(String sql, RuleSet r, Dialect d, TableColumns c) throws SQLException {
        return counting(false).rewrite(sql, r, d, c);
      }

      @Override
      public boolean mayRewrite(String sql, RuleSet r, Dialect d) {
        scans.incrementAndGet();
        return sql.contains(" t");
      }
    };
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.H2, rewriter, TableColumns.NONE,
        false, new PlanCache(100), dev.tandem.metrics.TandemMetrics.NOOP);
    String other = "select c.id from customer c where c.id=?";
    String moved = "SELECT a FROM t";
    planner.plan(other);
    planner.plan(moved);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      planner.plan(other);
      planner.plan(moved);
    }
    assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes for 20,000 plans").isLessThan(10_000);
    assertThat(planner.plan(other).isRewritten()).isFalse();
    assertThat(rewrites).hasValue(1);
    assertThat(scans).as("each text scanned once").hasValue(2);
  }

  @Test
  void plan_expandedFromMetadata_isNotShared() throws Exception {
    RuleSet rules = TestRuleSets.oneMove();
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.H2, counting(true), TableColumns.NONE,
        false, new PlanCache(100), dev.tandem.metrics.TandemMetrics.NOOP);
    planner.plan("INSERT INTO t VALUES (?)");
    planner.plan("INSERT INTO t VALUES (?)");
    assertThat(rewrites).hasValue(2);
  }

  @Test
  void plan_withNoRules_neverAsksTheRewriter() throws Exception {
    StatementPlanner planner = new StatementPlanner(RuleSet::empty, Dialect.H2, counting(false), TableColumns.NONE,
        false, new PlanCache(100), dev.tandem.metrics.TandemMetrics.NOOP);
    String sql = "SELECT 1";
    assertThat(planner.plan(sql).sql()).isSameAs(sql);
    assertThat(rewrites).hasValue(0);
  }

  @Test
  void plan_refused_failsOrPassesThroughByPolicy() throws Exception {
    SqlRewriter refusing = (sql, r, d, c) -> {
      throw new RewriteRefusedException("t.a->b", "cannot parse");
    };
    RuleSet rules = TestRuleSets.oneMove();
    StatementPlanner strict = new StatementPlanner(() -> rules, Dialect.H2, refusing, TableColumns.NONE, false,
        new PlanCache(10), dev.tandem.metrics.TandemMetrics.NOOP);
    assertThatThrownBy(() -> strict.plan("UPDATE t SET a = ???"))
        .isInstanceOf(RewriteRefusedException.class)
        .hasMessageContaining("move t.a->b: cannot parse")
        .extracting(e -> ((RewriteRefusedException) e).getSQLState()).isEqualTo("0A000");
    StatementPlanner lenient = new StatementPlanner(() -> rules, Dialect.H2, refusing, TableColumns.NONE, true,
        new PlanCache(10), dev.tandem.metrics.TandemMetrics.NOOP);
    assertThat(lenient.plan("UPDATE t SET a = ???").sql()).isEqualTo("UPDATE t SET a = ???");
    assertThat(lenient.refusedButPassedThrough()).isEqualTo(1);
  }

  /** Metadata on a search path that a test can switch. */
  private static final class SwitchableColumns implements TableColumns {
    SearchPath path = SearchPath.of("tenant_a");

    @Override
    public List<String> columnsOf(String schema, String table) {
      return null;
    }

    @Override
    public SearchPath searchPath() {
      return path;
    }
  }

  @Test
  void plan_underAMoveOnASchemaQualifiedTable_isCachedPerSearchPath() throws Exception {
    RuleSet rules = new RuleSet(1, List.of(TestRules.TENANT_A, TestRules.TENANT_B), "test", "");
    SwitchableColumns columns = new SwitchableColumns();
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.POSTGRESQL, new MoveRewriter(), columns,
        false, new PlanCache(100), dev.tandem.metrics.TandemMetrics.NOOP);
    String sql = "UPDATE customer SET email = ? WHERE id = ?";
    RewritePlan inA = planner.plan(sql);
    columns.path = SearchPath.of("tenant_b");
    RewritePlan inB = planner.plan(sql);
    assertThat(inA.movesApplied()).containsExactly("tenant_a");
    assertThat(inB.movesApplied()).containsExactly("tenant_b");
    columns.path = SearchPath.of("tenant_a");
    assertThat(planner.plan(sql)).isSameAs(inA);
    columns.path = SearchPath.UNKNOWN;
    assertThatThrownBy(() -> planner.plan(sql)).isInstanceOf(RewriteRefusedException.class)
        .hasMessageContaining("tenant_a.customer only");
  }

  @Test
  void plan_underMovesOnUnqualifiedTables_ignoresTheSearchPath() throws Exception {
    RuleSet rules = TestRuleSets.oneMove();
    SwitchableColumns columns = new SwitchableColumns();
    PlanCache cache = new PlanCache(100);
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.H2, counting(false), columns,
        false, cache, dev.tandem.metrics.TandemMetrics.NOOP);
    RewritePlan first = planner.plan("SELECT a FROM t");
    columns.path = SearchPath.UNKNOWN;
    assertThat(planner.plan("SELECT a FROM t")).isSameAs(first);
    assertThat(rewrites).hasValue(1);
  }
}
