package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatementPlannerTest {
  private final AtomicInteger rewrites = new AtomicInteger();

  private static RuleSet rules() {
    MoveRule move = new MoveRule("t.a->b", TableName.parse("t"), Identifier.parse("a"), Identifier.parse("b"),
        Transform.identityForward(), Transform.identityBackward(), Phase.EXPAND, 0);
    return new RuleSet(1, List.of(move), "test", "");
  }

  private SqlRewriter counting(boolean fromMetadata) {
    return (sql, r, d, c) -> {
      rewrites.incrementAndGet();
      return new RewritePlan(sql, sql + " /* rewritten */", ParameterMap.identity(), StatementKind.SELECT,
          List.of("t.a->b"), fromMetadata);
    };
  }

  @Test
  void plan_isCachedPerRevision_andANewRuleSetMisses() throws Exception {
    AtomicReference<RuleSet> current = new AtomicReference<>(rules());
    PlanCache cache = new PlanCache(100);
    StatementPlanner planner = new StatementPlanner(current::get, Dialect.H2, counting(false), TableColumns.NONE,
        false, cache);
    RewritePlan first = planner.plan("SELECT a FROM t");
    assertThat(planner.plan("SELECT a FROM t")).isSameAs(first);
    assertThat(rewrites).hasValue(1);
    current.set(rules());
    assertThat(planner.plan("SELECT a FROM t")).isNotSameAs(first);
    assertThat(rewrites).hasValue(2);
    assertThat(cache.stats().hitCount()).isEqualTo(1);
  }

  @Test
  void plan_expandedFromMetadata_isNotShared() throws Exception {
    RuleSet rules = rules();
    StatementPlanner planner = new StatementPlanner(() -> rules, Dialect.H2, counting(true), TableColumns.NONE,
        false, new PlanCache(100));
    planner.plan("INSERT INTO t VALUES (?)");
    planner.plan("INSERT INTO t VALUES (?)");
    assertThat(rewrites).hasValue(2);
  }

  @Test
  void plan_withNoRules_neverAsksTheRewriter() throws Exception {
    StatementPlanner planner = new StatementPlanner(RuleSet::empty, Dialect.H2, counting(false), TableColumns.NONE,
        false, new PlanCache(100));
    String sql = "SELECT 1";
    assertThat(planner.plan(sql).sql()).isSameAs(sql);
    assertThat(rewrites).hasValue(0);
  }

  @Test
  void plan_refused_failsOrPassesThroughByPolicy() throws Exception {
    SqlRewriter refusing = (sql, r, d, c) -> {
      throw new RewriteRefusedException("t.a->b", "cannot parse");
    };
    RuleSet rules = rules();
    StatementPlanner strict = new StatementPlanner(() -> rules, Dialect.H2, refusing, TableColumns.NONE, false,
        new PlanCache(10));
    assertThatThrownBy(() -> strict.plan("UPDATE t SET a = ???"))
        .isInstanceOf(RewriteRefusedException.class)
        .hasMessageContaining("move t.a->b: cannot parse")
        .extracting(e -> ((RewriteRefusedException) e).getSQLState()).isEqualTo("0A000");
    StatementPlanner lenient = new StatementPlanner(() -> rules, Dialect.H2, refusing, TableColumns.NONE, true,
        new PlanCache(10));
    assertThat(lenient.plan("UPDATE t SET a = ???").sql()).isEqualTo("UPDATE t SET a = ???");
    assertThat(lenient.refusedButPassedThrough()).isEqualTo(1);
  }
}
