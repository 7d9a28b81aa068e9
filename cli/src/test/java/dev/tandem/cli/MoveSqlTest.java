package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL the tools run, as a reviewer reads it. */
class MoveSqlTest {
  private static MoveSql conversation(Dialect dialect) throws Exception {
    return new MoveSql(MoveTables.move("conversation-last-message-at.yaml"), dialect);
  }

  @Test
  void fillBatch_correlatedForward_refersToTheUpdatedTableByName() throws Exception {
    assertThat(conversation(Dialect.POSTGRESQL).fillBatch(BackfillDirection.FORWARD, List.of("id"), true))
        .isEqualTo("UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m"
            + " WHERE m.id = conversation.last_message_id) WHERE conversation.\"id\" > ? AND conversation.\"id\" <= ?"
            + " AND conversation.last_message_at IS NULL AND conversation.last_message_id IS NOT NULL");
  }

  @Test
  void nextBatchKeys_firstBatchOfACompositeKey_hasNoLowerBound() throws Exception {
    assertThat(conversation(Dialect.MARIADB).nextBatchKeys(BackfillDirection.FORWARD, List.of("a", "b"), false, 500))
        .isEqualTo("SELECT conversation.`a`, conversation.`b` FROM conversation WHERE conversation.last_message_at IS NULL"
            + " AND conversation.last_message_id IS NOT NULL ORDER BY conversation.`a`, conversation.`b` LIMIT 500");
    assertThat(conversation(Dialect.MARIADB).fillBatch(BackfillDirection.FORWARD, List.of("a", "b"), true))
        .contains("WHERE (conversation.`a`, conversation.`b`) > (?, ?) AND (conversation.`a`, conversation.`b`) <= (?, ?)");
  }

  @Test
  void disagrees_isNullSafePerDialect() throws Exception {
    assertThat(conversation(Dialect.MARIADB).disagrees()).endsWith(" AND NOT (conversation.last_message_at <=>"
        + " (SELECT m.sent_at FROM message m WHERE m.id = conversation.last_message_id))");
    assertThat(conversation(Dialect.H2).disagrees()).endsWith(" AND conversation.last_message_at IS DISTINCT FROM"
        + " (SELECT m.sent_at FROM message m WHERE m.id = conversation.last_message_id)");
  }

  @Test
  void schemaQualifiedQuotedNames_keepTheirQuotesAndSchema() throws Exception {
    MoveRule move = RuleFileLoader.parse("version: 1\nmoves:\n  - {table: 'app.\"Product\"', from: price_cents,"
        + " to: '\"Price\"', forward: '{from} / 100.0', backward: 'ROUND({to} * 100)', phase: expand}\n", "r.yaml")
        .moves().get(0);
    MoveSql sql = new MoveSql(move, Dialect.POSTGRESQL);

    assertThat(sql.fillBatch(BackfillDirection.BACKWARD, List.of("id"), false)).isEqualTo(
        "UPDATE app.\"Product\" SET price_cents = ROUND(\"Product\".\"Price\" * 100) WHERE \"Product\".\"id\" <= ?"
            + " AND \"Product\".\"Price\" IS NOT NULL AND \"Product\".\"Price\" IS DISTINCT FROM"
            + " \"Product\".price_cents / 100.0");
  }

  @Test
  void counts_oneWayMove_countsNoRowsLackingTheOldColumn() throws Exception {
    assertThat(conversation(Dialect.H2).counts()).startsWith("SELECT COUNT(*), SUM(CASE WHEN").contains(", 0, ");
    assertThatThrownBy(() -> conversation(Dialect.H2).backward()).hasMessageContaining("is one-way");
  }
}
