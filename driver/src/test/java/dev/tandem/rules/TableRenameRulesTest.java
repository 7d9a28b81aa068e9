package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Table renames in a rule file (docs/behaviour.md §11): what loads, what is refused, and reloads that drop one. */
class TableRenameRulesTest {

  private static RuleSet parse(String moves) throws RuleFileException {
    return RuleFileLoader.parse("version: 1\nmoves:\n" + moves, "inline");
  }

  @Test
  void load_rename_isATableRenameBesideTheColumnMoves() throws Exception {
    RuleSet rules = parse("  - {table: customer, from: email, to: email_address, phase: expand}\n"
        + "  - table: conversation\n    rename_to: thread\n    phase: expand\n");

    assertThat(rules.moves()).hasSize(1);
    assertThat(rules.renames()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("conversation->thread");
      assertThat(r.table()).isEqualTo(TableName.parse("conversation"));
      assertThat(r.renameTo()).isEqualTo(TableName.parse("thread"));
      assertThat(r.phase()).isEqualTo(Phase.EXPAND);
      assertThat(r.line()).isEqualTo(4);
    });
    assertThat(rules.isEmpty()).isFalse();
    assertThat(parse("  - {name: c2t, table: conversation, rename_to: thread, phase: contract}\n").rename("c2t"))
        .extracting(TableRename::phase).isEqualTo(Phase.CONTRACT);
  }

  @Test
  void load_schemaQualified_keepsTheSchemaOnBothNames() throws Exception {
    TableRename rename = parse("  - {table: app.conversation, rename_to: thread, phase: expand}\n").renames().get(0);

    assertThat(rename.renameTo()).isEqualTo(TableName.parse("app.thread"));
    assertThat(rules("  - {table: app.conversation, rename_to: other.thread, phase: expand}\n"))
        .contains("keeps the table in its schema");
  }

  @Test
  void load_refusals_sayWhy() {
    assertThat(rules("  - {table: conversation, rename_to: thread, phase: migrated}\n"))
        .contains("cannot be in phase migrated").contains("nothing to backfill");
    assertThat(rules("  - {table: conversation, rename_to: CONVERSATION, phase: expand}\n")).contains("onto itself");
    assertThat(rules("  - {table: conversation, rename_to: thread, from: a, phase: expand}\n"))
        .contains("unknown key 'from'");
    assertThat(rules("  - {rename_to: thread, phase: expand}\n")).contains("has no 'table'");
    assertThat(rules("  - {table: conversation, rename_to: thread}\n")).contains("has no 'phase'");
    assertThat(rules("  - {table: conversation, rename_to: thread, phase: expand}\n"
        + "  - {table: thread, rename_to: topic, phase: expand}\n")).contains("finish one rename");
    assertThat(rules("  - {table: thread, from: a, to: b, phase: expand}\n"
        + "  - {table: conversation, rename_to: thread, phase: expand}\n")).contains("renames the table of move");
    assertThat(rules("version: 1\nmoves:\n  - {name: x, table: conversation, rename_to: thread, phase: expand}\n"
        + "retired: [x]\n", true)).contains("still a move of this file");
  }

  @Test
  void reload_droppingARenameInExpand_isRefusedUnlessRetired() throws Exception {
    RuleSet before = parse("  - {name: c2t, table: conversation, rename_to: thread, phase: expand}\n");
    RuleSet after = RuleFileLoader.parse("version: 1\nmoves: []\n", "inline");
    RuleSet retired = RuleFileLoader.parse("version: 1\nmoves: []\nretired: [c2t]\n", "inline");
    RuleSet contract = parse("  - {name: c2t, table: conversation, rename_to: thread, phase: contract}\n");

    assertThatThrownBy(() -> RuleSource.refuseSilentDrops(after, before)).isInstanceOf(RuleFileException.class)
        .hasMessageContaining("c2t").hasMessageContaining("may already have run");
    RuleSource.refuseSilentDrops(retired, before);
    RuleSource.refuseSilentDrops(after, contract);
  }

  private static String rules(String moves) {
    return rules(moves, false);
  }

  private static String rules(String text, boolean whole) {
    try {
      RuleFileLoader.parse(whole ? text : "version: 1\nmoves:\n" + text, "inline");
    } catch (RuleFileException e) {
      return e.getMessage();
    }
    throw new AssertionError("loaded: " + text);
  }
}
