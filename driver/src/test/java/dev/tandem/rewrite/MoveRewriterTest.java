package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the rewriter the case table cannot show: limits, the matcher, marker numbering. */
class MoveRewriterTest {
  private static final RuleSet RENAME = TestRules.parse("rename");

  @Test
  void rewrite_statementLongerThanTheLimit_isRefusedNamingTheMove() {
    MoveRewriter small = new MoveRewriter(40, 1_000);
    String sql = "UPDATE conversation SET subject = ? WHERE id = ? AND 1 = 1";
    assertThatThrownBy(() -> small.rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE))
        .isInstanceOf(RewriteRefusedException.class)
        .hasMessageContaining("move rename")
        .hasMessageContaining("longer than 40 characters");
  }

  @Test
  void rewrite_longStatementNotNamingAMovedTable_passesWithoutParsing() throws Exception {
    MoveRewriter small = new MoveRewriter(10, 1_000);
    String sql = "UPDATE topic SET name = ? WHERE id = ?";
    assertThat(small.rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE).sql()).isSameAs(sql);
  }

  @Test
  void rewrite_pathologicalNesting_isRefusedWithinTheTimeBound() {
    MoveRewriter quick = new MoveRewriter(1 << 20, 200);
    String nested = "(".repeat(300) + "1" + ")".repeat(300);
    String sql = "UPDATE conversation SET subject = ? WHERE id = " + nested + " AND x = " + nested;
    long start = System.nanoTime();
    assertThatThrownBy(() -> quick.rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE))
        .isInstanceOf(RewriteRefusedException.class)
        .hasMessageContaining("move rename")
        .hasMessageContaining("parsing took longer than 200 ms");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void rewrite_emptyRules_passesTheSameInstance() throws Exception {
    String sql = "UPDATE conversation SET subject = ?";
    RewritePlan plan = new MoveRewriter().rewrite(sql, RuleSet.empty(), Dialect.H2, TableColumns.NONE);
    assertThat(plan.sql()).isSameAs(sql);
    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSED);
  }

  @Test
  void rewrite_withoutColumnList_marksThePlanAsDependingOnMetadata() throws Exception {
    RewritePlan plan = new MoveRewriter().rewrite("INSERT INTO conversation VALUES (1, 'a')", RENAME,
        Dialect.POSTGRESQL, CaseTablesTest.WRITE_COLUMNS);
    assertThat(plan.expandedFromMetadata()).isTrue();
    assertThat(plan.movesApplied()).containsExactly("rename");
  }

  @Test
  void matcher_findsWholeWordsIgnoringCase_only() {
    MovedTableMatcher matcher = new MovedTableMatcher(TestRules.parse("rename, cents"), SqlLexer.of(Dialect.POSTGRESQL));
    assertThat(matcher.firstNamed("select * from CONVERSATION")).isNotNull();
    assertThat(matcher.firstNamed("select * from \"Conversation\" c")).isNotNull();
    assertThat(matcher.firstNamed("update billing.invoice set x = 1").name()).isEqualTo("cents");
    assertThat(matcher.firstNamed("select * from conversations")).isNull();
    assertThat(matcher.firstNamed("select * from my_conversation")).isNull();
    assertThat(matcher.firstNamed("select invoice_id from x")).isNull();
    assertThat(matcher.firstNamed("")).isNull();
  }

  @Test
  void markerNumbering_insertionsAndReplacements_inTextOrder() {
    TextEdits edits = new TextEdits();
    // markers at 10 and 20; a copy of parameter 2 inserted at 5, parameter 1's marker replaced by two copies
    edits.insert(5, "?", new int[] {2});
    edits.replace(10, 11, "f(?, ?)", new int[] {1, 1});
    ParameterMap map = MarkerNumbering.number(new int[] {10, 20}, edits.sorted());
    assertThat(map.toString()).isEqualTo("{1->[2, 3], 2->[1, 4]}");
  }

  @Test
  void markerNumbering_parameterDropped_isReported() {
    TextEdits edits = new TextEdits();
    edits.replace(10, 11, "0", new int[0]);
    assertThat(MarkerNumbering.number(new int[] {10}, edits.sorted())).isNull();
  }

  @Test
  void textEdits_overlappingReplacements_areRejected() {
    TextEdits edits = new TextEdits();
    edits.replace(0, 5, "a", new int[0]);
    edits.replace(3, 6, "b", new int[0]);
    assertThatThrownBy(() -> edits.apply("0123456789")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rewrite_isRepeatableAcrossRuleSets() throws Exception {
    MoveRewriter rewriter = new MoveRewriter();
    String sql = "UPDATE conversation SET subject = ? WHERE id = ?";
    for (String rules : List.of("rename", "rename@contract", "rename")) {
      RewritePlan plan = rewriter.rewrite(sql, TestRules.parse(rules), Dialect.POSTGRESQL, TableColumns.NONE);
      assertThat(plan.sql()).isEqualTo(rules.contains("contract")
          ? "UPDATE conversation SET title = ? WHERE id = ?"
          : "UPDATE conversation SET title = ?, subject = ? WHERE id = ?");
    }
  }
}
