package dev.tandem.reliability;

import dev.tandem.cli.Backfill;
import dev.tandem.cli.BackfillDirection;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The operator of the stress test: moves the rule file through expand → migrated → contract →
 * migrated → expand, again and again, and backfills as the runbook says, beside the running
 * application:
 * <ul>
 *   <li>before expand → migrated, a forward backfill (rows written before the expand lack the new column);
 *   <li>after contract → migrated, once the new rules are in force and a little later, a backward
 *       backfill: in contract the old column was not written, so it lags until then (SPEC §2), and
 *       the pause lets old-version reads see that window.
 * </ul>
 * A switch holds the {@link TruthTable}'s phase gate until the driver has loaded the new file, so
 * each worker operation runs under one known phase. Around each backfill it tells the truth table
 * which rows the backfill may change, and when it is done.
 */
final class PhaseCycler implements Runnable {
  private static final Phase[] CYCLE = {Phase.MIGRATED, Phase.CONTRACT, Phase.MIGRATED, Phase.EXPAND};
  /** The first expand is longer, so that reads coalesce many rows not backfilled yet. */
  private static final Duration FIRST_HOLD = Duration.ofMillis(1500);
  private static final Duration HOLD = Duration.ofMillis(600);
  /** From contract → migrated to the backward backfill: the window in which the old column lags. */
  private static final Duration LAG = Duration.ofMillis(500);
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);

  private final TestDatabase db;
  private final RuleFile rules;
  private final TandemConnection observer;
  private final TruthTable table;
  private final StressCounts counts;
  private final BooleanSupplier running;
  private Phase phase = Phase.EXPAND;

  /** @param observer a Tandem connection on the same rule file, to see which rules are in force */
  PhaseCycler(TestDatabase db, RuleFile rules, Connection observer, TruthTable table, StressCounts counts,
      BooleanSupplier running) throws SQLException {
    this.db = db;
    this.rules = rules;
    this.observer = observer.unwrap(TandemConnection.class);
    this.table = table;
    this.counts = counts;
    this.running = running;
  }

  @Override
  public void run() {
    try {
      Thread.sleep(FIRST_HOLD.toMillis());
      for (int step = 0; running.getAsBoolean(); step = (step + 1) % CYCLE.length) {
        switchTo(CYCLE[step]);
        Thread.sleep(HOLD.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      counts.error("operator", e);
    }
  }

  Phase phase() {
    return phase;
  }

  /** Moves to {@code next} with the backfill the transition needs. */
  void switchTo(Phase next) throws Exception {
    if (phase == Phase.EXPAND && next == Phase.MIGRATED) {
      backfill(BackfillDirection.FORWARD);
    }
    Phase previous = phase;
    table.enterSwitch();
    try {
      rules.write(next);
      awaitLoaded(next);
      phase = next;
      table.phase(next);
    } finally {
      table.leaveSwitch();
    }
    counts.count("reload");
    if (previous == Phase.CONTRACT) {
      Thread.sleep(LAG.toMillis());
      backfill(BackfillDirection.BACKWARD);
    }
  }

  /** Waits until the driver's rules are the file's. */
  private void awaitLoaded(Phase expected) throws InterruptedException {
    long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
    while (!observer.planner().rules().moves().stream().allMatch(m -> m.phase() == expected)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the driver did not load phase " + expected + " within " + LOAD_TIMEOUT);
      }
      Thread.sleep(10);
    }
  }

  /**
   * Runs the backfill of every move over a raw connection, again if the database reports a
   * deadlock, and then records in the truth table what it changed.
   */
  void backfill(BackfillDirection direction) throws Exception {
    boolean forward = direction == BackfillDirection.FORWARD;
    for (MoveRule rule : RuleFileLoader.load(rules.path()).moves()) {
      StressMove move = moveOf(rule.from().name());
      table.prepareBackfill(move, forward);
      for (int attempt = 1; ; attempt++) {
        try (Connection raw = db.openRaw()) {
          Backfill.of(rule, direction).batchSize(100).run(raw, db.engine().dialect());
          counts.count(forward ? "backfillForward" : "backfillBackward");
          break;
        } catch (SQLException e) {
          if (attempt == 5 || e.getSQLState() == null || !e.getSQLState().startsWith("40")) {
            throw e;
          }
          counts.count("retried");
        }
      }
      table.resolveBackfill(move);
    }
    if (forward) {
      table.newColumnFilled();
    } else {
      table.oldColumnCaughtUp();
    }
  }

  private static StressMove moveOf(String from) {
    for (StressMove move : StressMove.values()) {
      if (move.from.equals(from.toLowerCase(Locale.ROOT))) {
        return move;
      }
    }
    throw new IllegalArgumentException("no stress move from " + from);
  }
}
