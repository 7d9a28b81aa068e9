package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.SchemaChange;
import org.junit.jupiter.api.Test;

/**
 * {@link CurrentSchema#of}, which remembers its answer per text: a remembered answer is given only
 * for the same text, never for another text that lands in the same slot of its table.
 */
class CurrentSchemaTest {
  /** {@code of} never reads the server: no vendor connection is needed. */
  private final CurrentSchema schema = new CurrentSchema(null, Dialect.POSTGRESQL);

  @Test
  void of_textsSharingASlot_eachGetTheirOwnAnswer() {
    String change = "SET search_path TO tenant_b";
    String none = sameSlotAs(change);
    for (int round = 0; round < 3; round++) {
      assertThat(schema.of(change).kind()).as("round %d", round).isEqualTo(SchemaChange.Kind.CHANGES);
      assertThat(schema.of(none).kind()).as("round %d: %s", round, none).isEqualTo(SchemaChange.Kind.NONE);
    }
  }

  @Test
  void of_anEqualTextOfAnotherString_getsTheRememberedAnswer() {
    String first = "COMMIT";
    SchemaChange answer = schema.of(first);
    String again = new String(first.toCharArray());
    assertThat(schema.of(again)).isSameAs(answer);
    assertThat(answer.kind()).isEqualTo(SchemaChange.Kind.ENDS_TRANSACTION);
  }

  /** A statement that changes nothing and whose hash falls in the same slot of a 32-slot table as {@code sql}'s. */
  private static String sameSlotAs(String sql) {
    for (int i = 0; ; i++) {
      String candidate = "SELECT " + i;
      if ((candidate.hashCode() & 31) == (sql.hashCode() & 31)) {
        return candidate;
      }
    }
  }
}
