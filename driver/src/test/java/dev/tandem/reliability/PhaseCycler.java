package dev.tandem.reliability;

import dev.tandem.cli.Backfill;
import dev.tandem.cli.BackfillDirection;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The operator of the stress test: moves the rule file through expand → migrated → contract →
 * migrated → expand, again and again, and backfills as the runbook says:
 * <ul>
 *   <li>before expand → migrated, a forward backfill (rows written before the expand lack the new column);
 *   <li>after contract → migrated, once the new rules are in force, a backward backfill: in contract
 *       the old column was not written, so it lags until then (SPEC §2).
 * </ul>
 * Each switch waits until the driver has loaded the new file, so the phases really alternate.
 */
final class PhaseCycler implements Runnable {
  private static final Phase[] CYCLE = {Phase.MIGRATED, Phase.CONTRACT, Phase.MIGRATED, Phase.EXPAND};
  private static final Duration HOLD = Duration.ofMillis(600);
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);

  private final TestDatabase db;
  private final RuleFile rules;
  private final TandemConnection observer;
  private final StressCounts counts;
  private final BooleanSupplier running;
  private Phase phase = Phase.EXPAND;

  /** @param observer a Tandem connection on the same rule file, to see which rules are in force */
  PhaseCycler(TestDatabase db, RuleFile rules, Connection observer, StressCounts counts, BooleanSupplier running)
      throws SQLException {
    this.db = db;
    this.rules = rules;
    this.observer = observer.unwrap(TandemConnection.class);
    this.counts = counts;
    this.running = running;
  }

  @Override
  public void run() {
    try {
      for (int step = 0; running.getAsBoolean(); step = (step + 1) % CYCLE.length) {
        Thread.sleep(HOLD.toMillis());
        switchTo(CYCLE[step]);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      counts.fail("operator: " + e);
    }
  }

  /** Moves to {@code next} with the backfill the transition needs. */
  void switchTo(Phase next) throws Exception {
    if (phase == Phase.EXPAND && next == Phase.MIGRATED) {
      backfill(BackfillDirection.FORWARD);
    }
    Phase previous = phase;
    rules.write(next);
    awaitLoaded(next);
    phase = next;
    counts.count("reload");
    if (previous == Phase.CONTRACT) {
      backfill(BackfillDirection.BACKWARD);
    }
  }

  /** Waits until the driver's rules are the file's, and a little longer, for statements planned before. */
  void awaitLoaded(Phase expected) throws InterruptedException {
    long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
    while (!observer.planner().rules().moves().stream().allMatch(m -> m.phase() == expected)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the driver did not load phase " + expected + " within " + LOAD_TIMEOUT);
      }
      Thread.sleep(10);
    }
    Thread.sleep(50);
  }

  /** Runs the backfill of every move over a raw connection, again if the database reports a deadlock. */
  void backfill(BackfillDirection direction) throws Exception {
    for (MoveRule move : RuleFileLoader.load(rules.path()).moves()) {
      for (int attempt = 1; ; attempt++) {
        try (Connection raw = db.openRaw()) {
          Backfill.of(move, direction).batchSize(200).run(raw, db.engine().dialect());
          counts.count("backfill" + (direction == BackfillDirection.FORWARD ? "Forward" : "Backward"));
          break;
        } catch (SQLException e) {
          if (attempt == 5 || e.getSQLState() == null || !e.getSQLState().startsWith("40")) {
            throw e;
          }
          counts.count("retried");
        }
      }
    }
  }
}
