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
  // GAP: the COALESCE fallback of a read of price keeps the scale of price_cents / 100.0, not the
  // column's NUMERIC(12,2): product (1, 1999, NULL), SELECT price FROM product WHERE id = 1 -> expected
  // 19.99, got 19.9900000 (H2), 19.9900000000000000 (PostgreSQL), 19.9900 (MariaDB, even where price is set).
  COALESCE_SCALE("expand: the COALESCE fallback of price comes back as 19.9900000… instead of 19.99",
      EnumSet.allOf(Engine.class), EnumSet.of(Phase.EXPAND)),
  // GAP: price_cents read in contract is CAST(ROUND(price * 100) AS INT), a BIGINT on MariaDB: the
  // application gets a Long where the INT column gives an Integer: SELECT price_cents FROM product ->
  // expected 1999 (Integer), got 1999 (Long). Same for *, t.*, RETURNING *, DISTINCT (price_cents).
  MARIADB_BACKWARD_TYPE("MariaDB contract: price_cents read as backward(price) is a Long, not an Integer",
      EnumSet.of(Engine.MARIADB), EnumSet.of(Phase.CONTRACT)),
  // GAP: H2 types the bound value substituted into backward from the transform ("* 100" is an INT):
  // UPDATE product SET price = ? WHERE id = 1 with 12.34 -> expected price_cents 1234, got 1200
  // (sent: price_cents = CAST(ROUND(? * 100) AS INT)).
  H2_BOUND_VALUE_TYPE("H2: a bound 12.34 substituted into CAST(ROUND(? * 100) AS INT) writes 1200",
      EnumSet.of(Engine.H2), EnumSet.of(Phase.EXPAND, Phase.MIGRATED));

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
