package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Transforms are split into tokens and re-printed at load: nothing but the expression is kept. */
class TransformCheckTest {

  private static String yaml(String forward) {
    return "version: 1\nmoves:\n  - table: product\n    from: price_cents\n    to: price\n"
        + "    forward: '" + forward.replace("'", "''") + "'\n    backward: 'ROUND({to} * 100.0)'\n    phase: expand\n";
  }

  private static String loadedForward(String forward) throws RuleFileException {
    return RuleFileLoader.parse(yaml(forward), "rules.yaml").moves().get(0).forward().template();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "{from} / 100.0 -- cents to dollars|contains a comment ('--')",
      "{from} /* cents */ / 100.0|contains a comment ('/*')",
      "{from} / 100.0 # cents|contains '#'",
      "'{from}'|puts its placeholder inside quotes",
      "\"{from}\"|puts its placeholder inside quotes",
      "{from} / ?|contains '?'",
      "{from} / :divisor|contains ':divisor', a named parameter",
      "{from} / 100; DELETE FROM product|contains ';'",
      "{fn ABS({from})}|contains '{' that does not start a placeholder",
      "CONCAT({from}, $$x$$)|contains '$' outside a name",
      "x{from}|writes x{from}",
  })
  void load_transformWithMoreThanAnExpression_isRefusedWithFileAndLine(String forward, String reason) {
    assertThatThrownBy(() -> loadedForward(forward))
        .isInstanceOf(RuleFileException.class)
        .hasMessageStartingWith("rules.yaml:6:14: 'forward' of move 'product.price_cents->price' " + reason);
  }

  @Test
  void load_transform_isReprintedWithWhiteSpaceCollapsed() throws Exception {
    assertThat(loadedForward("  {from}   /\n 100.0 ")).isEqualTo("{from} / 100.0");
    assertThat(loadedForward("CONCAT({from}, '  two  spaces ''quoted''  ')"))
        .isEqualTo("CONCAT({from}, '  two  spaces ''quoted''  ')");
    assertThat(loadedForward("{from}::numeric(12,2)")).isEqualTo("{from}::numeric(12,2)");
  }

  @Test
  void load_operatorBeforePlaceholder_getsASpaceSoANegativeValueCannotMakeAComment() throws Exception {
    String template = loadedForward("-{from}");

    assertThat(template).isEqualTo("- {from}");
    assertThat(Transform.forward(template).apply("-1")).isEqualTo("- -1");
  }

  @Test
  void load_800NestedParentheses_failsFast() {
    String forward = "(".repeat(800) + "{from}" + ")".repeat(800);

    assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
        assertThatThrownBy(() -> loadedForward(forward))
            .isInstanceOf(RuleFileException.class)
            .hasMessageContaining("nests more than " + TransformTokens.MAX_DEPTH + " levels"));
  }

  @Test
  void load_800NestedCalls_failsWithoutStackOverflow() {
    String forward = "abs(".repeat(800) + "{from}" + ")".repeat(800);

    assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
        assertThatThrownBy(() -> loadedForward(forward))
            .isInstanceOf(RuleFileException.class)
            .hasMessageContaining("nests more than"));
  }

  @Test
  void load_nestingAtTheLimit_loads() throws Exception {
    int depth = TransformTokens.MAX_DEPTH;
    String forward = "abs(".repeat(depth) + "{from}" + ")".repeat(depth);

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(loadedForward(forward)).isEqualTo(forward));
  }

  @Test
  void load_veryLongTransform_isRefused() {
    String forward = "{from}" + " + 1".repeat(TransformTokens.MAX_LENGTH);

    assertThatThrownBy(() -> loadedForward(forward)).isInstanceOf(RuleFileException.class)
        .hasMessageContaining("is longer than " + TransformTokens.MAX_LENGTH + " characters");
  }
}
