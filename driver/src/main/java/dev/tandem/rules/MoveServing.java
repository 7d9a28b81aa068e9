package dev.tandem.rules;

import java.util.Objects;

/**
 * How a move is served: which phase's writes and which phase's reads the {@link PhaseTable} applies.
 * A rule file gives one phase and both come from it ({@link #of}); a fleet whose instances apply
 * different revisions needs a move to write as one phase and read as another while the fleet
 * switches (see {@code dev.tandem.fleet.FleetPhases}), or to refuse the move's columns altogether.
 *
 * @param writes the phase whose writes apply: {@code expand} and {@code migrated} write both columns,
 *     {@code contract} redirects writes of {@code from} to {@code to}
 * @param reads the phase whose reads apply
 * @param clearsTo whether writes of {@code from} set {@code to} to NULL instead of {@code forward(v)},
 *     and every write naming {@code to} is refused: some live instance still writes only {@code from},
 *     so a value written to {@code to} could go stale under it, while a NULL one is read through the
 *     {@code COALESCE} of {@code expand}'s reads
 * @param refusal why every reference to the move's columns is refused, or {@code null}
 */
public record MoveServing(Phase writes, Phase reads, boolean clearsTo, String refusal) {
  public MoveServing {
    Objects.requireNonNull(writes, "writes");
    Objects.requireNonNull(reads, "reads");
  }

  /** Writes and reads as {@code phase}: what a rule file means. */
  public static MoveServing of(Phase phase) {
    return new MoveServing(phase, phase, false, null);
  }

  /** Every reference to the move's columns is refused with {@code reason}. */
  public static MoveServing refused(Phase phase, String reason) {
    return new MoveServing(phase, phase, false, Objects.requireNonNull(reason, "reason"));
  }

  /** Whether this is the plain behaviour of {@code phase}. */
  public boolean isPlain(Phase phase) {
    return writes == phase && reads == phase && !clearsTo && refusal == null;
  }

  /** {@code writes as migrated, reads as contract}, for messages and {@code tandem status}. */
  public String describe() {
    if (refusal != null) {
      return "refused: " + refusal;
    }
    if (clearsTo) {
      return "writes from only (to cleared), reads as " + reads.yamlName();
    }
    return writes == reads ? "as " + writes.yamlName()
        : "writes as " + writes.yamlName() + ", reads as " + reads.yamlName();
  }
}
