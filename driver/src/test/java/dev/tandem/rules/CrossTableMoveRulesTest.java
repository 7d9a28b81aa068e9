package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Moves of a column to another table in a rule file (docs/behaviour.md §13): what loads and what is refused. */
class CrossTableMoveRulesTest {
  private static final String MOVE = "  - {table: local_user, from: password, key: id, to_table: password,"
      + " to: password, to_key: local_user_id, phase: %s}\n";

  private static RuleSet parse(String moves) throws RuleFileException {
    return RuleFileLoader.parse("version: 1\nmoves:\n" + moves, "inline");
  }

  private static String refusal(String moves) {
    return assertThatThrownBy(() -> parse(moves)).isInstanceOf(RuleFileException.class).actual().getMessage();
  }

  @Test
  void load_moveToAnotherTable_isAKindOfItsOwn() throws Exception {
    RuleSet rules = parse(String.format(MOVE, "migrated"));

    assertThat(rules.moves()).isEmpty();
    assertThat(rules.isEmpty()).isFalse();
    assertThat(rules.crossTableMoves()).singleElement().satisfies(m -> {
      assertThat(m.name()).isEqualTo("local_user.password->password.password");
      assertThat(m.table()).isEqualTo(TableName.parse("local_user"));
      assertThat(m.toTable()).isEqualTo(TableName.parse("password"));
      assertThat(m.key()).isEqualTo(Identifier.parse("id"));
      assertThat(m.toKey()).isEqualTo(Identifier.parse("local_user_id"));
      assertThat(m.phase()).isEqualTo(Phase.MIGRATED);
      assertThat(m.line()).isEqualTo(3);
    });
  }

  @Test
  void load_schemaQualified_keepsBothTablesInOneSchema() throws Exception {
    RuleSet rules = parse("  - {table: app.local_user, from: password, key: id, to_table: password, to: password,"
        + " to_key: local_user_id, phase: expand}\n");

    assertThat(rules.crossTableMoves().get(0).toTable()).isEqualTo(TableName.parse("app.password"));
    assertThat(rules.namesSchemas()).isTrue();
    assertThat(refusal("  - {table: app.local_user, from: password, key: id, to_table: other.password,"
        + " to: password, to_key: local_user_id, phase: expand}\n")).contains("both tables must be in one schema");
  }

  @Test
  void load_incompleteOrConflicting_isRefusedWithTheReason() {
    assertThat(refusal("  - {table: local_user, from: password, to_table: password, to: password,"
        + " to_key: local_user_id, phase: expand}\n")).contains("has no 'key'");
    assertThat(refusal("  - {table: local_user, from: password, key: id, to_table: local_user, to: secret,"
        + " to_key: id, phase: expand}\n")).contains("as its to_table");
    assertThat(refusal("  - {table: local_user, from: id, key: id, to_table: password, to: password,"
        + " to_key: local_user_id, phase: expand}\n")).contains("its own key column");
    assertThat(refusal("  - {table: local_user, from: password, key: id, to_table: password, to: x,"
        + " to_key: local_user_id, forward: 'upper({from})', phase: expand}\n")).contains("unknown key 'forward'");
    assertThat(refusal(String.format(MOVE, "expand") + "  - {table: password, from: a, to: b, phase: expand}\n"))
        .contains("finish one move first");
    assertThat(refusal(String.format(MOVE, "expand") + String.format(MOVE, "contract"))).contains("given twice");
  }

  @Test
  void reload_droppingAMoveStillWritingBothTables_isRefusedUnlessRetired() throws Exception {
    RuleSet before = parse(String.format(MOVE, "expand"));
    RuleSet without = parse("  - {table: other, from: a, to: b, phase: expand}\n");

    assertThatThrownBy(() -> RuleSource.refuseSilentDrops(without, before)).isInstanceOf(RuleFileException.class)
        .hasMessageContaining("local_user.password->password.password");
    RuleSet retired = RuleFileLoader.parse("version: 1\nretired: [local_user.password->password.password]\nmoves: []\n",
        "inline");
    RuleSource.refuseSilentDrops(retired, before);
    RuleSource.refuseSilentDrops(without, parse(String.format(MOVE, "contract")));
  }
}
