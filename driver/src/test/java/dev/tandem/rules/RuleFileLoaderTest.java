package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileLoaderTest {

  @Test
  void load_classpathResource_readsEveryMoveInFileOrder() throws Exception {
    RuleSet rules = RuleFileLoader.load("classpath:rules/valid/three-moves.yaml");

    assertThat(rules.source()).isEqualTo("classpath:rules/valid/three-moves.yaml");
    assertThat(rules.formatVersion()).isEqualTo(1);
    assertThat(rules.moves()).extracting(MoveRule::name).containsExactly(
        "customer.email->email_address", "conversation-last-message-at", "product.price_cents->\"Price\"");
    assertThat(rules.moves()).extracting(MoveRule::phase)
        .containsExactly(Phase.MIGRATED, Phase.EXPAND, Phase.CONTRACT);
    assertThat(rules.moves()).extracting(MoveRule::line).containsExactly(4, 8, 15);
  }

  @Test
  void load_moveWithoutTransforms_copiesBothWays() throws Exception {
    MoveRule move = RuleFileLoader.load("classpath:rules/valid/three-moves.yaml").moves().get(0);

    assertThat(move.forward().isIdentity()).isTrue();
    assertThat(move.backward()).isNotNull();
    assertThat(move.backward().isIdentity()).isTrue();
    assertThat(move.oneWay()).isFalse();
  }

  @Test
  void load_backwardNull_isOneWay() throws Exception {
    MoveRule move = RuleFileLoader.load("classpath:rules/valid/three-moves.yaml").moves().get(1);

    assertThat(move.oneWay()).isTrue();
    assertThat(move.backward()).isNull();
    assertThat(move.forward().template()).isEqualTo("(SELECT m.sent_at FROM message m WHERE m.id = {from})");
    assertThat(move.table().schema().name()).isEqualTo("public");
    assertThat(move.table().table().name()).isEqualTo("conversation");
  }

  @Test
  void load_bothTransformsAndQuotedColumn_keepsThemAsWritten() throws Exception {
    MoveRule move = RuleFileLoader.load("classpath:rules/valid/three-moves.yaml").moves().get(2);

    assertThat(move.forward().template()).isEqualTo("{from} / 100.0");
    assertThat(move.backward().template()).isEqualTo("ROUND({to} * 100)");
    assertThat(move.to()).isEqualTo(Identifier.of("Price", true));
  }

  @Test
  void load_quotedNamesDifferingInCase_areDifferentColumns() throws Exception {
    RuleSet rules = RuleFileLoader.parse("version: 1\nmoves:\n"
        + "  - {table: t, from: '\"Email\"', to: '\"email\"', phase: expand}\n", "inline");

    assertThat(rules.moves()).hasSize(1);
  }

  @Test
  void load_unquotedNamesDifferingInCase_areTheSameColumn() {
    assertThatThrownBy(() -> RuleFileLoader.parse("version: 1\nmoves:\n"
        + "  - {table: t, from: Email, to: '\"email\"', phase: expand}\n", "inline"))
        .hasMessage("inline:3:33: move 't.Email->\"email\"' moves column Email onto itself;"
            + " 'from' and 'to' must name different columns");
  }

  @Test
  void load_emptyMoveList_isAValidRuleSetWithoutMoves() throws Exception {
    assertThat(RuleFileLoader.parse("version: 1\nmoves: []\n", "inline").isEmpty()).isTrue();
  }

  @Test
  void load_sameContent_hasSameHashButNewRevision() throws Exception {
    RuleSet first = RuleFileLoader.parse("version: 1\nmoves: []\n", "inline");
    RuleSet second = RuleFileLoader.parse("version: 1\nmoves: []\n", "inline");
    RuleSet other = RuleFileLoader.parse("version: 1\nmoves: [] # changed\n", "inline");

    assertThat(second.contentHash()).isEqualTo(first.contentHash()).hasSize(64);
    assertThat(other.contentHash()).isNotEqualTo(first.contentHash());
    assertThat(second.revision()).isGreaterThan(first.revision());
  }

  @Test
  void load_fileWithByteOrderMark_isRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bom.yaml");
    Files.writeString(file, "\uFEFFversion: 1\nmoves: []\n", StandardCharsets.UTF_8);

    assertThat(RuleFileLoader.load(file).moves()).isEmpty();
  }

  @Test
  void load_fileThatIsNotUtf8_isRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "version: 1\nmoves: [] # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> RuleFileLoader.load(file)).hasMessage(file + ": the file is not UTF-8 text");
  }

  @Test
  void load_missingFile_namesTheFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> RuleFileLoader.load(file))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(file + ": the rule file does not exist");
  }

  @Test
  void load_missingClasspathResource_namesTheResource() {
    assertThatThrownBy(() -> RuleFileLoader.load("classpath:/no/such/rules.yaml"))
        .hasMessage("classpath:no/such/rules.yaml: the rule file does not exist");
  }

  @Test
  void ruleFileException_carriesItsParts() {
    RuleFileException e = new RuleFileException("rules.yaml", 7, 5, "unknown key 'phse'");

    assertThat(e.getMessage()).isEqualTo("rules.yaml:7:5: unknown key 'phse'");
    assertThat(e.source()).isEqualTo("rules.yaml");
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.reason()).isEqualTo("unknown key 'phse'");
  }

  @Test
  void load_scalarAliasReusingATransform_isAllowed() throws Exception {
    RuleSet rules = RuleFileLoader.parse("version: 1\nmoves:\n"
        + "  - {table: a, from: x, to: y, forward: &f 'lower({from})', backward: '{to}', phase: expand}\n"
        + "  - {table: b, from: x, to: y, forward: *f, backward: '{to}', phase: expand}\n", "inline");

    assertThat(rules.moves().get(1).forward().template()).isEqualTo("lower({from})");
  }
}
