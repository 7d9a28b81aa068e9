package dev.tandem.rewrite;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Issue-12 cases that still fail on the rewriter they were last run against, each with what fails
 * and a statement that shows it. A test names the gaps that can hit it; on an engine and phase a
 * gap covers, the test is skipped with the gap's text, so the report lists it. A gap is a bug, not
 * an allowed behaviour: delete the constant when the fix lands, and every test naming it must pass.
 * {@code -Dtandem.phaseMatrix.runGaps=true} runs the covered cases anyway, to see which still fail.
 */
enum PhaseMatrixGaps {
  ; // none left: the type gaps (COALESCE_SCALE, MARIADB_BACKWARD_TYPE, H2_BOUND_VALUE_TYPE) closed with typed values

  private final String what;
  private final Set<Engine> engines;
  private final Set<Phase> phases;

  PhaseMatrixGaps(String what, Set<Engine> engines, Set<Phase> phases) {
    this.what = what;
    this.engines = engines;
    this.phases = phases;
  }

  /** Skips the running test when one of {@code gaps} covers {@code engine} in {@code phase}. */
  static void skipKnown(Engine engine, Phase phase, PhaseMatrixGaps... gaps) {
    if (Boolean.getBoolean("tandem.phaseMatrix.runGaps")) {
      return; // to see which gaps a fix has closed
    }
    for (PhaseMatrixGaps gap : gaps) {
      Assumptions.assumeFalse(gap.engines.contains(engine) && gap.phases.contains(phase), () -> "GAP " + gap.what);
    }
  }
}
