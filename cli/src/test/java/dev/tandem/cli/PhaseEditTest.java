package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import org.junit.jupiter.api.Test;

/** The next revision {@code tandem phase} writes: one move's phase changed, every other byte kept. */
class PhaseEditTest {
  private static final String TWO_MOVES = String.join("\n",
      "# two moves",
      "version: 1",
      "moves:",
      "  - table: customer",
      "    from: email",
      "    to: email_address",
      "    phase: migrated   # since Tuesday",
      "  - name: price",
      "    phase: 'expand'",
      "    table: product",
      "    from: price_cents",
      "    to: price",
      "    forward: \"{from} / 100.0\"",
      "    backward: \"ROUND({to} * 100.0)\"",
      "");

  @Test
  void withPhase_changesOnlyThatMovesPhaseLine() throws Exception {
    RuleSet rules = RuleFileLoader.parse(TWO_MOVES, "test");
    String first = PhaseEdit.withPhase(TWO_MOVES, rules, rules.move("customer.email->email_address"), Phase.CONTRACT);
    assertThat(first).isEqualTo(TWO_MOVES.replace("phase: migrated   # since Tuesday", "phase: contract   # since Tuesday"));
    String second = PhaseEdit.withPhase(TWO_MOVES, rules, rules.move("price"), Phase.MIGRATED);
    assertThat(second).isEqualTo(TWO_MOVES.replace("phase: 'expand'", "phase: 'migrated'"));
  }

  @Test
  void withPhase_refusesADocumentItCannotEditLineByLine() throws Exception {
    String flow = "version: 1\nmoves: [{table: t, from: a, to: b, phase: expand}]\n";
    RuleSet rules = RuleFileLoader.parse(flow, "test");
    assertThatThrownBy(() -> PhaseEdit.withPhase(flow, rules, rules.moves().get(0), Phase.MIGRATED))
        .isInstanceOf(CommandFailure.class).hasMessageContaining("cannot find the phase: line");
  }
}
