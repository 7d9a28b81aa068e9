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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves under load that Tandem never leaves the two columns of a move disagreeing and never loses
 * a write, while the rules change under it. Sixteen threads write and read
 * {@code customer.email -> email_address} through a HikariCP pool on {@code jdbc:tandem:}, half of
 * them naming the old column, half the new, with inserts, updates, upserts, reads and deletes,
 * while an operator thread cycles the rule file through every phase and backfills (see
 * {@link PhaseCycler}).
 *
 * <p>What must hold, and is checked:
 * <ul>
 *   <li>during the run, in every phase: a read through the new name returns exactly the value last
 *       written, through either name; no statement fails (a refusal, SQLState 0A000, is a failure);
 *   <li>at the end, after the final switch to expand and a forward and a backward backfill: every
 *       row holds the value last written in <em>both</em> columns, no row is missing or extra, and
 *       the row count is the seeded rows plus inserts minus deletes.
 * </ul>
 * The old column is not checked during the run: after contract it lags until the backward
 * backfill, by design (SPEC §2).
 *
 * <p>Runs about 20 s per engine; {@code TANDEM_STRESS_SECONDS} (system property or environment
 * variable) makes it longer.
 */
class ConcurrentMigrationStressTest {
  private static final int THREADS = 16;
  private static final int SEEDED = 500;

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void concurrentWritersAndPhaseChanges_neverLoseAWriteNorLeaveColumnsDisagreeing(Engine engine) throws Exception {
    TandemDriver.class.getName();
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      seed(db);
      RuleFile rules = new RuleFile(dir, false);
      rules.write(Phase.EXPAND);
      StressCounts counts = new StressCounts();
      long deadline = System.nanoTime() + duration().toNanos();
      List<StressWorker> workers = new ArrayList<>();
      String url = db.tandemUrl("tandem.rules", rules.path().toString(), "tandem.reloadIntervalMs", "50");
      try (HikariDataSource pool = pool(url); Connection observer = DriverManager.getConnection(url)) {
        PhaseCycler operator = new PhaseCycler(db, rules, observer, counts, () -> System.nanoTime() < deadline);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          StressWorker worker = new StressWorker(engine, pool, counts, () -> System.nanoTime() < deadline, i);
          workers.add(worker);
          threads.add(new Thread(worker, "stress-" + i));
        }
        threads.add(new Thread(operator, "operator"));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
          thread.join();
        }
        // The end of the run as an operator ends a rollback: back to expand, then both backfills.
        operator.switchTo(Phase.MIGRATED);
        operator.switchTo(Phase.EXPAND);
        operator.backfill(BackfillDirection.FORWARD);
        operator.backfill(BackfillDirection.BACKWARD);
      }

      Map<Long, String> expected = expectedRows(workers);
      long checked = checkTable(db, expected, counts);
      long inserts = counts.get("insert") + counts.get("upsertInserted");
      System.out.println("stress " + engine + ": threads=" + THREADS + " seconds=" + duration().toSeconds()
          + " " + counts.summary() + " rowsChecked=" + checked + " failures=" + counts.failures());

      assertThat(counts.failureMessages()).as("failures").isEmpty();
      assertThat(checked).isEqualTo(SEEDED + inserts - counts.get("delete"));
      assertThat(counts.get("reload")).as("rule changes").isGreaterThanOrEqualTo(4);
    }
  }

  private static Duration duration() {
    String seconds = System.getProperty("TANDEM_STRESS_SECONDS", System.getenv("TANDEM_STRESS_SECONDS"));
    return Duration.ofSeconds(seconds == null || seconds.isBlank() ? 20 : Long.parseLong(seconds.trim()));
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(TandemDriver.class.getName());
    config.setMaximumPoolSize(THREADS);
    config.setConnectionTimeout(30_000);
    return new HikariDataSource(config);
  }

  /** Rows 1..SEEDED written before the expand migration: the old column only. */
  private static void seed(TestDatabase db) throws Exception {
    try (Connection c = db.openRaw();
        PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)")) {
      for (long id = 1; id <= SEEDED; id++) {
        insert.setLong(1, id);
        insert.setString(2, "seed" + id + "@example.com");
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Map<Long, String> expectedRows(List<StressWorker> workers) {
    Map<Long, String> expected = new HashMap<>();
    for (long id = 1; id <= SEEDED; id++) {
      expected.put(id, "seed" + id + "@example.com");
    }
    workers.forEach(w -> expected.putAll(w.rows()));
    return expected;
  }

  /**
   * Compares the table, over a raw connection, with what the threads wrote: both columns of every
   * row must hold the value last written; a missing or extra row is a failure. Returns the rows read.
   */
  private static long checkTable(TestDatabase db, Map<Long, String> expected, StressCounts counts) throws Exception {
    Map<Long, String> missing = new HashMap<>(expected);
    long rows = 0;
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, email, email_address FROM customer")) {
      while (rs.next()) {
        rows++;
        long id = rs.getLong(1);
        String want = missing.remove(id);
        if (want == null) {
          counts.fail("row " + id + " should not exist");
        } else if (!want.equals(rs.getString(2)) || !Objects.equals(rs.getString(2), rs.getString(3))) {
          counts.fail("row " + id + ": email=" + rs.getString(2) + " email_address=" + rs.getString(3)
              + ", last written " + want);
        }
      }
    }
    missing.keySet().forEach(id -> counts.fail("row " + id + " is missing"));
    return rows;
  }
}
