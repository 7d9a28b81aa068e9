package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the SQL-in / SQL-out table of {@code rewrite/write-cases.txt}. */
class WriteCasesTest {
  /** Table metadata for statements without a column list. */
  static final TableColumns COLUMNS = (schema, table) -> Map.of(
      "conversation", List.of("id", "subject", "last_message_id", "created_at", "title", "last_message_at"),
      "invoice", List.of("id", "amount_cents", "amount")).get(table.toLowerCase(java.util.Locale.ROOT));

  private final MoveRewriter rewriter = new MoveRewriter();

  static List<RewriteCase> cases() throws IOException {
    return RewriteCase.load("/rewrite/write-cases.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rewrite_matchesTheCaseTable(RewriteCase c) throws Exception {
    if (c.refused()) {
      String part = c.expected().substring("REFUSED".length()).trim();
      assertThatThrownBy(() -> rewriter.rewrite(c.sql(), TestRules.parse(c.rules()), c.dialect(), COLUMNS))
          .isInstanceOf(RewriteRefusedException.class)
          .hasMessageContaining(part)
          .satisfies(e -> assertThat(((RewriteRefusedException) e).getSQLState()).isEqualTo("0A000"));
      return;
    }
    RewritePlan plan = rewriter.rewrite(c.sql(), TestRules.parse(c.rules()), c.dialect(), COLUMNS);
    if (c.same()) {
      assertThat(plan.sql()).as("passed through as the same instance").isSameAs(c.sql());
      assertThat(plan.isRewritten()).isFalse();
      assertThat(plan.kind().name()).isEqualTo(c.expected().substring("SAME".length()).trim());
      return;
    }
    assertThat(plan.sql()).isEqualTo(c.expected());
    assertThat(plan.parameters().toString()).as("parameter map").isEqualTo(c.params());
    assertThat(plan.isRewritten()).isTrue();
  }
}
