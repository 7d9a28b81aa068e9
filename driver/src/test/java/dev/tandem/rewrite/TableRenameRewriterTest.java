package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A table rename's plan follows the schema at every call, although the statement's parse is cached. */
class TableRenameRewriterTest {
  private static final TableColumns BEFORE = (schema, table) -> Map.of("conversation", List.of("id", "title"))
      .get(table);
  private static final TableColumns AFTER = (schema, table) -> Map.of("thread", List.of("id", "title")).get(table);

  @Test
  void rewrite_sameStatementAcrossTheMigration_followsWhichNameIsTheTable() throws Exception {
    MoveRewriter rewriter = new MoveRewriter();
    RuleSet rules = TestRules.parse("retable");
    String old = "UPDATE conversation SET title = ? WHERE conversation.id = ?";
    String young = "SELECT t.title FROM thread t WHERE t.id = ?";

    assertThat(rewriter.rewrite(old, rules, Dialect.POSTGRESQL, BEFORE).sql()).isSameAs(old);
    assertThat(rewriter.rewrite(young, rules, Dialect.POSTGRESQL, BEFORE).sql())
        .isEqualTo("SELECT t.title FROM conversation t WHERE t.id = ?");
    for (int i = 0; i < 2; i++) {
      RewritePlan after = rewriter.rewrite(old, rules, Dialect.POSTGRESQL, AFTER);
      assertThat(after.sql()).isEqualTo("UPDATE thread SET title = ? WHERE thread.id = ?");
      assertThat(after.movesApplied()).containsExactly("retable");
      assertThat(after.kind()).isEqualTo(StatementKind.UPDATE);
      assertThat(rewriter.rewrite(young, rules, Dialect.POSTGRESQL, AFTER).sql()).isSameAs(young);
    }
    assertThat(rewriter.rewrite(old, rules, Dialect.POSTGRESQL, BEFORE).sql()).isSameAs(old);
  }

  @Test
  void mayRewrite_onlyStatementsNamingEitherName() {
    MoveRewriter rewriter = new MoveRewriter();
    RuleSet rules = TestRules.parse("retable");

    assertThat(rewriter.mayRewrite("SELECT * FROM thread", rules, Dialect.H2)).isTrue();
    assertThat(rewriter.mayRewrite("SELECT * FROM CONVERSATION", rules, Dialect.H2)).isTrue();
    assertThat(rewriter.mayRewrite("SELECT * FROM threads", rules, Dialect.H2)).isFalse();
    assertThat(rewriter.mayRewrite("SELECT * FROM message", rules, Dialect.H2)).isFalse();
  }

  /** The no-parse test stays allocation-free with a rename in the rules (the fast path of every statement). */
  @Test
  void mayRewrite_statementNamingNoRenamedTable_allocatesNothing() {
    MoveRewriter rewriter = new MoveRewriter();
    RuleSet rules = TestRules.parse("retable, email");
    String sql = "SELECT m.id, m.body FROM message m WHERE m.sent_at > ? ORDER BY m.sent_at DESC";
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    boolean any = false;
    for (int i = 0; i < 20_000; i++) {
      any |= rewriter.mayRewrite(sql, rules, Dialect.POSTGRESQL); // warm-up
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      any |= rewriter.mayRewrite(sql, rules, Dialect.POSTGRESQL);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(any).isFalse();
    assertThat(allocated).as("bytes for 100,000 calls").isLessThan(10_000);
  }
}
