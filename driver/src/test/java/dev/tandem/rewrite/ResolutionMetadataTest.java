package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which plans column resolution makes from metadata: only those whose answer depended on it, since
 * such plans are not kept in the shared plan cache and are planned again on every execution.
 */
class ResolutionMetadataTest {
  private final AtomicInteger lookups = new AtomicInteger();
  private final TableColumns columns = (schema, table) -> {
    lookups.incrementAndGet();
    return Map.of("conversation", List.of("id", "subject", "title", "topic_id"), "topic", List.of("id", "name"))
        .get(table);
  };

  private RewritePlan plan(String sql) throws Exception {
    return new MoveRewriter().rewrite(sql, TestRules.parse("rename"), Dialect.POSTGRESQL, columns);
  }

  @Test
  void namesNoMoveHas_areResolvedWithoutMetadata() throws Exception {
    RewritePlan plan = plan("SELECT subject, title FROM conversation c JOIN topic t ON t.id = c.topic_id WHERE c.id = ?");
    assertThat(plan.isRewritten()).isTrue();
    // `title` is decided from topic's columns.
    assertThat(plan.expandedFromMetadata()).isTrue();
    lookups.set(0);
    RewritePlan single = plan("SELECT subject, title FROM conversation WHERE id = ? AND subject <> ?");
    assertThat(single.isRewritten()).isTrue();
    assertThat(single.expandedFromMetadata()).as("a lone moved table owns its own columns").isFalse();
    assertThat(lookups).hasValue(0);
  }
}
