package dev.tandem.cli;

import dev.tandem.fleet.FleetState;
import dev.tandem.fleet.InstanceRecord;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate a fleet-wide step passes before it changes anything (SPEC §9): every live instance applies the
 * newest revision, and every one of them has renewed its lease since that was seen, so each has read the
 * registry after the last instance switched and serves the move as the converged fleet allows (an
 * instance re-reads which revisions the others apply when it renews). Used by {@code tandem phase} and
 * by {@code tandem backfill --fleet}.
 */
final class FleetGate {
  private static final long POLL_MILLIS = 200;

  private FleetGate() {}

  /**
   * Waits until the fleet has converged and settled, for at most {@code settle}.
   *
   * @return the fleet as read once it settled
   * @throws CommandFailure (exit 1) when it has not converged, or has not settled in time
   */
  static FleetState settled(DatabaseOption.Database db, String ruleSource, Duration settle, PrintWriter out)
      throws SQLException, RuleFileException, InterruptedException {
    FleetState state = FleetState.read(db.connection(), db.dialect(), ruleSource);
    requireConverged(state);
    Instant seen = state.now();
    long deadline = System.nanoTime() + settle.toNanos();
    boolean waited = false;
    while (!state.renewedSince(seen)) {
      if (System.nanoTime() - deadline > 0) {
        throw CommandFailure.doesNotFit("the fleet applies revision " + state.newest().revision() + ", but "
            + notRenewed(state, seen) + " renewed a lease since " + seen + " (waited " + settle.toSeconds()
            + " s), so not every instance has seen the others switch yet; try again (--settle), or wait for the"
            + " lease of an instance that is gone to lapse");
      }
      if (!waited) {
        out.println("waiting for every live instance to renew its lease since the fleet converged …");
        out.flush();
        waited = true;
      }
      Thread.sleep(POLL_MILLIS);
      state = FleetState.read(db.connection(), db.dialect(), ruleSource);
      requireConverged(state);
    }
    return state;
  }

  /** @throws CommandFailure (exit 2) when no revision is published */
  static void requirePublished(FleetState state) {
    if (state.newest() == null) {
      throw CommandFailure.usage("no rule revision is published in the fleet tables; publish one first:"
          + " tandem fleet publish --rules FILE --url …");
    }
  }

  /** @throws CommandFailure (exit 1) naming the live instances that apply another revision */
  static void requireConverged(FleetState state) {
    requirePublished(state);
    if (!state.converged()) {
      List<String> behind = new ArrayList<>();
      for (InstanceRecord i : state.lagging()) {
        behind.add(describe(i) + " applies revision " + i.revision());
      }
      throw CommandFailure.doesNotFit("the fleet has not converged on revision " + state.newest().revision() + ": "
          + String.join("; ", behind) + " (tandem status --watch waits for it; --force skips the check)");
    }
  }

  /** Whether the newest revision takes {@code move} back from contract (the backward backfill is due). */
  static boolean rollingBack(FleetState state, MoveRule move) {
    MoveRule before = state.previousRules().move(move.name());
    return move.phase() == Phase.MIGRATED && before != null && before.phase() == Phase.CONTRACT;
  }

  /**
   * @throws CommandFailure (exit 1) unless the newest revision has {@code move} as the rule file defines it, in a
   *     phase that allows a backfill in {@code direction}: forward in expand or migrated (every instance writes
   *     both columns), backward only in the revision that takes the move back from contract (no instance writes
   *     {@code to} alone any more, so what the backfill fills stays filled)
   */
  static void allowsBackfill(FleetState state, MoveRule move, BackfillDirection direction) {
    MoveRule fleetMove = state.newestRules().move(move.name());
    String revision = "revision " + state.newest().revision();
    if (fleetMove == null || !fleetMove.sameDefinition(move)) {
      throw CommandFailure.doesNotFit(fleetMove == null ? "the fleet's " + revision + " has no " + move.describe()
          : "the fleet's " + revision + " defines " + move.describe() + " otherwise than the rule file");
    }
    boolean allowed = direction == BackfillDirection.FORWARD ? fleetMove.phase() != Phase.CONTRACT
        : rollingBack(state, fleetMove);
    if (!allowed) {
      throw CommandFailure.doesNotFit("the fleet's " + revision + " has " + move.describe() + " in phase "
          + fleetMove.phase().yamlName() + ", which does not allow a " + direction.name().toLowerCase(Locale.ROOT)
          + " backfill: " + (direction == BackfillDirection.FORWARD
              ? "in contract the new column holds every value already"
              : "a backward backfill must wait until every instance has gone back from contract (tandem phase "
                  + move.name() + " migrated), or instances still in contract leave the old column stale again"));
    }
  }

  /** {@code instance 3f2a… (host-a, pid 42, version app-1.4)}. */
  static String describe(InstanceRecord i) {
    return "instance " + i.instanceId() + " (" + i.host() + ", pid " + i.pid() + ", version " + i.appVersion() + ")";
  }

  private static String notRenewed(FleetState state, Instant seen) {
    List<String> names = new ArrayList<>();
    for (InstanceRecord i : state.live()) {
      if (i.heartbeatAt() == null || !i.heartbeatAt().isAfter(seen)) {
        names.add(describe(i));
      }
    }
    return String.join(", ", names) + (names.size() == 1 ? " has not" : " have not");
  }
}
