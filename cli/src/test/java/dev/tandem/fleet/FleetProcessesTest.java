package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Backfill;
import dev.tandem.cli.BackfillDirection;
import dev.tandem.cli.TandemCli;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.Await;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * A fleet of three application processes (JVMs started by the test, {@link FleetWorker}: two of the old
 * version, naming {@code a}, one of the new, naming {@code b}) on one database, reading their rules from
 * {@code tandem_rules} with staggered poll intervals, while the operator walks the move {@code a -> b}
 * through expand, backfill, migrated, contract, back to migrated, backward backfill and migrated again,
 * each step by {@code tandem phase}, which publishes the next revision only once the fleet has converged and
 * settled on the one before and the data allows it. Every
 * instance reads back each value it writes (no stale read), and at the end both columns of every row hold
 * the same value.
 */
class FleetProcessesTest {
  static final int SEEDED_ROWS = 30;
  private static final String MOVE = "version: 1\nmoves:\n  - name: ab\n    table: account\n    from: a\n"
      + "    to: b\n    phase: %s\n";
  private static final String[] VERSIONS = {"old", "new", "old"};
  private static final int[] POLL_MS = {150, 400, 800};
  private static final Duration CONVERGE = Duration.ofSeconds(45);

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void threeProcesses_walkAMoveThereAndBack_withoutAStaleReadOrADivergedRow(Engine engine) throws Exception {
    try (TestDatabase db = TableRuleSourceTest.fleet(engine)) {
      db.execute("CREATE TABLE account (id INT PRIMARY KEY, a VARCHAR(100), b VARCHAR(100))");
      StringBuilder seed = new StringBuilder("INSERT INTO account (id, a) VALUES ");
      for (int id = 1; id <= SEEDED_ROWS; id++) {
        seed.append(id == 1 ? "" : ", ").append('(').append(id).append(", 'seed-").append(id).append("')");
      }
      db.execute(seed.toString());
      TableRuleSourceTest.publish(db, MOVE.formatted("expand"));

      Path stop = dir.resolve("stop");
      List<Process> workers = new ArrayList<>();
      try {
        for (int i = 0; i < VERSIONS.length; i++) {
          workers.add(start(db, i, stop));
        }
        awaitFleetOn(db, 1);
        backfill(db, BackfillDirection.FORWARD);
        step(db, "migrated", 2);
        step(db, "contract", 3);
        step(db, "migrated", 4); // the rollback: reads stay as contract's until the backward backfill
        backfill(db, BackfillDirection.BACKWARD);
        step(db, "migrated", 5); // from is read directly again
        Files.createFile(stop);
        for (int i = 0; i < workers.size(); i++) {
          Process p = workers.get(i);
          assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("worker %d ends", i).isTrue();
          String output = Files.readString(log(i));
          assertThat(p.exitValue()).as("worker %d: %s", i, output).isZero();
          assertThat(output).as("worker %d", i).contains("DONE").contains("stale=0").doesNotContain("writes=0 ");
        }
      } finally {
        workers.forEach(Process::destroyForcibly);
      }
      // Each JVM left the registry as it exited.
      assertThat(TableRuleSourceTest.count(db, FleetTables.INSTANCES)).isZero();
      assertThat(divergedRows(db)).isEmpty();
      assertThat(TableRuleSourceTest.count(db, "account")).isGreaterThan(SEEDED_ROWS);
    }
  }

  /**
   * {@code tandem phase ab PHASE}, which waits until the fleet has converged and settled and the data allows
   * the step, then publishes revision {@code revision}; then waits for the fleet to apply it, and lets it work.
   */
  private void step(TestDatabase db, String phase, long revision) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine tandem = new CommandLine(new TandemCli());
    tandem.setOut(new PrintWriter(out, true));
    tandem.setErr(new PrintWriter(out, true));
    int exit = tandem.execute("phase", "ab", phase, "--url", db.vendorUrl(), "--settle", "45", "--by", "test");
    assertThat(exit).as("tandem phase ab %s: %s", phase, out).isZero();
    assertThat(out.toString()).contains("published revision " + revision);
    awaitFleetOn(db, revision);
    Thread.sleep(1000);
  }

  private void awaitFleetOn(TestDatabase db, long revision) throws Exception {
    try {
      Await.until("the three instances apply revision " + revision, CONVERGE, () -> {
        try (Connection c = db.openRaw()) {
          FleetView.Convergence fleet = new FleetView(c, db.engine().dialect())
              .convergence(TableRuleSource.PREFIX + FleetTables.RULES, Long.toString(revision));
          return fleet.live() == VERSIONS.length && fleet.converged();
        }
      });
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      try (Connection c = db.openRaw()) {
        logs.append("\nregistry: ").append(new FleetView(c, db.engine().dialect()).instances());
      }
      for (int i = 0; i < VERSIONS.length; i++) {
        logs.append("\nworker ").append(i).append(":\n").append(Files.readString(log(i)));
      }
      throw new AssertionError(logs.toString(), e);
    }
  }

  private static void backfill(TestDatabase db, BackfillDirection direction) throws Exception {
    try (Connection c = db.openRaw()) {
      RuleSet rules = DatabaseRuleStore.load(new DatabaseRuleStore(c, db.engine().dialect()).latest());
      Backfill.of(rules.move("ab"), direction).run(c, db.engine().dialect());
    }
  }

  private Process start(TestDatabase db, int number, Path stop) throws Exception {
    String url = db.tandemUrl("tandem.rules", "table:tandem_rules", "tandem.reloadIntervalMs",
        Integer.toString(POLL_MS[number]), "tandem.leaseMs", "3000", "tandem.appVersion", VERSIONS[number]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), FleetWorker.class.getName(), url, Integer.toString(number),
        VERSIONS[number], stop.toString())
        .redirectErrorStream(true).redirectOutput(log(number).toFile()).start();
  }

  private Path log(int number) {
    return dir.resolve("worker-" + number + ".log");
  }

  /** The rows whose two columns differ. */
  private static List<String> divergedRows(TestDatabase db) throws Exception {
    List<String> diverged = new ArrayList<>();
    try (Connection c = db.openRaw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, a, b FROM account ORDER BY id")) {
      while (rs.next()) {
        String a = rs.getString(2);
        String b = rs.getString(3);
        if (a == null || !a.equals(b)) {
          diverged.add(rs.getInt(1) + ": a=" + a + " b=" + b);
        }
      }
    }
    return diverged;
  }
}
