package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TandemDriver;
import dev.tandem.cli.BackfillDirection;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves under load that Tandem keeps both columns of every move right, in every phase, while the
 * rules change under it, and that it is able to fail: a rewriter that drops one of the dual writes
 * (insert, update, upsert, MERGE; through either name) fails it on every engine.
 *
 * <p>Eight application threads share the rows of {@code item}, which carries two moves: the rename
 * {@code email -> email_address} and the type change {@code price_cents -> price} (forward
 * {@code / 100.0}, backward {@code CAST(ROUND(… * 100) AS INT)}; see {@link StressMove}). They write
 * and read through {@code jdbc:tandem:} as an old or a new application version, in auto-commit,
 * in transactions that commit or roll back, in batches, and in transactions broken by a constraint
 * violation, through a HikariCP pool and through prepared statements kept for the whole run; an
 * operator thread cycles the rule file through every phase and backfills ({@link PhaseCycler}).
 *
 * <p>What is checked ({@link TruthTable} and {@link RowTruth} say exactly what each column must hold):
 * <ul>
 *   <li>during the run, after every operation and while its rows are still locked: every touched
 *       row as stored, both columns of both moves, on a raw connection, against the latest committed
 *       write; a read through Tandem, by either version, against what SPEC §2 says that version sees
 *       in the phase in force; the number of rows each statement changed (a delete by value is
 *       predicted to hit or miss). The only differences allowed are SPEC §2's windows: {@code to}
 *       NULL on rows not written through Tandem before the first forward backfill, and {@code from}
 *       stale in contract and after it until the backward backfill;
 *   <li>at the end, <em>before</em> any repairing backfill: every row as stored, and the set of rows;
 *   <li>after going back to expand with both backfills: both columns of every row equal the latest
 *       write exactly, with no window left open;
 *   <li>no worker or the operator met an unexpected throwable (a refusal, SQLState 0A000, is one),
 *       and every counter it reports is asserted.
 * </ul>
 *
 * <p>Runs {@value #DEFAULT_SECONDS} s on PostgreSQL and MariaDB and {@value #H2_SECONDS} s on H2;
 * {@code TANDEM_STRESS_SECONDS} (system property or environment variable) sets the time for every engine.
 */
class ConcurrentMigrationStressTest {
  static final int DEFAULT_SECONDS = 60;
  static final int H2_SECONDS = 20;
  private static final int THREADS = 8;
  private static final int ROWS = 300;
  private static final int SEEDED = 200;
  private static final int MIN_RELOADS = 6;
  /** Counted by the operator's backfills at the end of every run, so not waited for during it. */
  private static final Set<String> AFTER_THE_RUN = Set.of("backfillForward", "backfillBackward");

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sharedRowsThroughPhaseChanges_bothColumnsAlwaysHoldTheLatestWrite(Engine engine) throws Exception {
    TandemDriver.class.getName();
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100),"
          + " price_cents INT, price DECIMAL(12,2))");
      TruthTable table = new TruthTable(ROWS);
      seed(db, table);
      RuleFile rules = RuleFile.stress(dir);
      rules.write(Phase.EXPAND);
      StressCounts counts = new StressCounts();
      Duration duration = duration(engine);
      Set<String> mustHappen = mustHappen(engine);
      long deadline = System.nanoTime() + duration.toNanos();
      // A loaded machine does less in the same time: the run goes on past its time (up to three times it) until
      // everything it must exercise has happened, so that the coverage asserted below does not depend on load.
      long hardDeadline = System.nanoTime() + 3 * duration.toNanos();
      java.util.function.BooleanSupplier running = () -> System.nanoTime() < deadline
          || System.nanoTime() < hardDeadline && !covered(counts, mustHappen);
      String url = db.tandemUrl("tandem.rules", rules.path().toString(), "tandem.reloadIntervalMs", "50");
      PhaseCycler operator;
      try (HikariDataSource pool = pool(url); Connection observer = DriverManager.getConnection(url)) {
        operator = new PhaseCycler(db, rules, observer, table, counts, running);
        AtomicLong sequence = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          threads.add(new Thread(new StressWorker(engine, pool, url, db.vendorUrl(), table, counts,
              running, sequence, i), "stress-" + i));
        }
        threads.add(new Thread(operator, "operator"));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
          thread.join();
        }
        Phase ended = operator.phase();
        // Before any repairing backfill: the table must be exactly what the phases allow.
        long before = checkAll(db, table, counts, "at the end in " + ended + ", before any backfill", false);
        // Then the end of the run as an operator ends a rollback: back to expand, then both backfills.
        operator.switchTo(Phase.MIGRATED);
        operator.switchTo(Phase.EXPAND);
        operator.backfill(BackfillDirection.FORWARD);
        operator.backfill(BackfillDirection.BACKWARD);
        long after = checkAll(db, table, counts, "after going back to expand and both backfills", true);
        System.out.println("stress " + engine + ": threads=" + THREADS + " seconds=" + duration.toSeconds()
            + " ended in " + ended + " " + counts.summary() + " rowsAtEnd=" + before + "/" + after
            + " failures=" + counts.failures() + " errors=" + counts.errors().size());
      }

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(counts.errors()).as("unexpected throwables").isEmpty();
      soft.assertThat(counts.failureMessages()).as("mismatches (" + counts.failures() + ")").isEmpty();
      soft.assertThat(counts.failures()).as("mismatches").isZero();
      for (String kind : mustHappen) {
        soft.assertThat(counts.get(kind)).as(kind).isPositive();
      }
      soft.assertThat(counts.get("reload")).as("reload").isGreaterThanOrEqualTo(MIN_RELOADS);
      long operations = counts.get("viaKeptStatements") + counts.get("viaPool");
      soft.assertThat(counts.get("retried")).as("retried (deadlocks)").isLessThanOrEqualTo(operations / 20);
      soft.assertThat(counts.get("deleteMissed")).as("deleteMissed (predicted, and only through the old name)")
          .isLessThanOrEqualTo(counts.get("delete"));
      Set<String> asserted = new TreeSet<>(mustHappen);
      asserted.addAll(Set.of("reload", "retried", "deleteMissed"));
      soft.assertThat(asserted).as("every counter reported is asserted").containsAll(counts.kinds());
      soft.assertAll();
    }
  }

  /** The counters a run must have moved: every kind of operation, fault and phase the run exercises. */
  private static Set<String> mustHappen(Engine engine) {
    StressStatements sql = new StressStatements(engine, true);
    Set<String> mustHappen = new TreeSet<>(Set.of("readOld", "readNew", "readOwnWrite", "coalescedRead",
        "staleOldRead", "insert", "update", "delete", "writeOld", "writeNew", "committed", "rolledBack", "batch",
        "fault", "viaKeptStatements", "viaPool", "rowChecked", "backfillForward", "backfillBackward"));
    if (sql.hasUpsert()) {
      mustHappen.addAll(Set.of("upsertInserted", "upsertUpdated"));
    }
    if (sql.hasMerge()) {
      mustHappen.addAll(Set.of("mergeInserted", "mergeUpdated"));
    }
    return mustHappen;
  }

  /** Whether the run has exercised everything it must (but what the end of the run does anyway). */
  private static boolean covered(StressCounts counts, Set<String> mustHappen) {
    for (String kind : mustHappen) {
      if (counts.get(kind) == 0 && !AFTER_THE_RUN.contains(kind)) {
        return false;
      }
    }
    return counts.get("reload") >= MIN_RELOADS;
  }

  static Duration duration(Engine engine) {
    String seconds = System.getProperty("TANDEM_STRESS_SECONDS", System.getenv("TANDEM_STRESS_SECONDS"));
    if (seconds != null && !seconds.isBlank()) {
      return Duration.ofSeconds(Long.parseLong(seconds.trim()));
    }
    return Duration.ofSeconds(engine == Engine.H2 ? H2_SECONDS : DEFAULT_SECONDS);
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(TandemDriver.class.getName());
    config.setMaximumPoolSize(THREADS);
    config.setConnectionTimeout(30_000);
    return new HikariDataSource(config);
  }

  /** Rows 1..SEEDED written before the expand migration, by the old version without Tandem: old columns only. */
  private static void seed(TestDatabase db, TruthTable table) throws Exception {
    Random random = new Random(1);
    try (Connection c = db.openRaw();
        PreparedStatement insert = c.prepareStatement("INSERT INTO item (id, email, price_cents) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= SEEDED; id++) {
        Object[] values = {"seed" + id + "@example.com", random.nextInt(100_000_000)};
        insert.setLong(1, id);
        insert.setString(2, (String) values[0]);
        insert.setInt(3, (Integer) values[1]);
        insert.addBatch();
        table.row(id).seed(values);
      }
      insert.executeBatch();
    }
  }

  /**
   * Compares every row of the table, over a raw connection, with the truth table. With {@code exact},
   * no window is allowed: both columns must hold the latest write. Returns the rows found.
   */
  private static long checkAll(TestDatabase db, TruthTable table, StressCounts counts, String when, boolean exact)
      throws Exception {
    long found = 0;
    try (Connection raw = db.openRaw(); PreparedStatement all = raw.prepareStatement(
        "SELECT id, email, email_address, price_cents, price FROM item ORDER BY id");
        ResultSet rs = all.executeQuery()) {
      boolean more = rs.next();
      for (long id = 1; id <= table.size(); id++) {
        RowTruth row = table.row(id);
        boolean here = more && rs.getLong("id") == id;
        String mismatch = TruthTable.checkStored(row, here ? rs : null, when);
        if (mismatch == null && exact && row.present) {
          mismatch = exactly(row, rs, when);
        }
        if (mismatch == null && !exact) {
          mismatch = table.checkWindows(row, when);
        }
        if (mismatch != null) {
          counts.fail(mismatch);
        }
        if (here) {
          found++;
          more = rs.next();
        }
      }
      if (more) {
        counts.fail(when + ": unexpected row " + rs.getLong("id"));
      }
    }
    return found;
  }

  private static String exactly(RowTruth row, ResultSet rs, String when) throws Exception {
    for (StressMove move : StressMove.values()) {
      Object truth = row.truth[move.ordinal()];
      if (!StressMove.same(rs.getObject(move.from), truth)
          || !StressMove.same(rs.getObject(move.to), move.forward(truth))) {
        return when + ": " + move.from + "=" + rs.getObject(move.from) + " " + move.to + "=" + rs.getObject(move.to)
            + ", latest write " + truth + ": " + row;
      }
    }
    return null;
  }
}
