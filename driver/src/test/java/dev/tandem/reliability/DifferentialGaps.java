package dev.tandem.reliability;

import dev.tandem.reliability.DifferentialMove.Side;
import dev.tandem.reliability.DifferentialStatement.Category;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;

/**
 * The generated statements the differential test leaves out because Tandem still gets them wrong:
 * each with a {@code GAP} comment saying what fails and a statement that shows it. A gap is a known
 * bug, not an allowed behaviour: remove the entry when the fix lands and the test must pass.
 */
final class DifferentialGaps {
  private DifferentialGaps() {}

  /** Why {@code category} is not run here, or null when it is. */
  static String reason(Engine engine, Phase phase, DifferentialMove move, Category category, Side side) {
    return null;
  }
}
