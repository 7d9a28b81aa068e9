package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.fleet.FleetTables;
import dev.tandem.fleet.InstanceRegistry;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code tandem phase}, {@code tandem status} and {@code tandem backfill --fleet} walking a move through its
 * phases on every engine, with two registered instances that renew their leases in the background and
 * report whichever revision the test says they apply.
 */
class FleetPhaseCommandTest {
  private static final String MOVE = "customer.email->email_address";

  /** A registered instance that renews every 50 ms with the revision label it is told. */
  private static final class Instance implements AutoCloseable {
    final AtomicReference<String> revision = new AtomicReference<>();
    final InstanceRegistry registry;

    Instance(TestDatabase db, ScheduledExecutorService timer, String version, String revision) throws Exception {
      this.revision.set(revision);
      this.registry = new InstanceRegistry(() -> DriverManager.getConnection(db.vendorUrl()), db.engine().dialect(),
          InstanceRegistry.Identity.ofThisProcess(version, "table:tandem_rules"), Duration.ofMinutes(1));
      registry.renew(revision);
      timer.scheduleWithFixedDelay(() -> {
        try {
          renewNow();
        } catch (Exception e) {
          // the next renewal tries again; a lapsed lease is what the fleet tolerates
        }
      }, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** Renews with the label it applies; one at a time, so a background renewal never writes a stale label. */
    synchronized void renewNow() throws java.sql.SQLException {
      registry.renew(revision.get());
    }

    /** Applies {@code label} and has the registry say so before returning, as a real instance reports it. */
    synchronized void applies(String label) throws java.sql.SQLException {
      revision.set(label);
      registry.renew(label);
    }

    @Override
    public void close() throws Exception {
      registry.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void phase_walksTheMoveOnlyWhenTheFleetAndTheDataAllowIt(Engine engine) throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (TestDatabase db = TestDatabases.fresh(engine); Connection raw = db.openRaw()) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
          "INSERT INTO customer (id, email) VALUES (1, 'a@x'), (2, 'b@x')");
      FleetTables.create(raw, engine.dialect());
      String rules = Cli.example("customer-email-rename.yaml");
      String url = db.vendorUrl();
      assertThat(Cli.run("fleet", "publish", "--url", url, "--rules", rules).exitCode()).isZero();

      try (Instance a = new Instance(db, timer, "app-1.4", "1"); Instance b = new Instance(db, timer, "app-1.3", "0")) {
        Cli.Run lagging = Cli.run("phase", MOVE, "migrated", "--url", url);
        assertThat(lagging.exitCode()).as(lagging.toString()).isEqualTo(TandemCli.PROBLEMS);
        assertThat(lagging.err()).contains("has not converged on revision 1").contains("app-1.3")
            .contains("applies revision 0");
        Cli.Run status = Cli.run("status", "--url", url);
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(TandemCli.PROBLEMS);
        assertThat(status.out()).contains("2 live of 2 registered").contains("BEHIND").contains("lease age")
            .contains(MOVE + "  expand  served writes from only (to cleared), reads as expand")
            .contains("waits for every live instance to apply the move");

        b.applies("1");
        Cli.Run unfilled = Cli.run("phase", MOVE, "migrated", "--url", url);
        assertThat(unfilled.exitCode()).as(unfilled.toString()).isEqualTo(TandemCli.PROBLEMS);
        assertThat(unfilled.err()).contains("the data does not allow").contains("2 rows still lack email_address");
        assertThat(Cli.run("status", "--url", url).exitCode()).isZero();

        Cli.Run filled = Cli.run("backfill", "--fleet", "--rules", rules, "--url", url);
        assertThat(filled.exitCode()).as(filled.toString()).isZero();
        Cli.Run migrated = Cli.run("phase", MOVE, "migrated", "--url", url, "--by", "ops");
        assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
        assertThat(migrated.out()).contains("published revision 2: move " + MOVE + " expand -> migrated");
        String document = new DatabaseRuleStore(raw, engine.dialect()).latest().document();
        assertThat(document).contains("    phase: migrated").contains("# A pure rename")
            .isEqualTo(Files.readString(java.nio.file.Path.of(rules)).replace("phase: expand", "phase: migrated"));

        a.applies("2");
        Cli.Run half = Cli.run("status", "--url", url);
        assertThat(half.out()).contains("served writes as migrated, reads as expand")
            .contains("waits for every live instance to apply migrated before email_address is read directly")
            .contains("1 live instance(s) apply another revision");
        assertThat(Cli.run("phase", MOVE, "contract", "--url", url).exitCode()).isEqualTo(TandemCli.PROBLEMS);
        b.applies("2");
        assertThat(Cli.run("phase", MOVE, "expand", "--url", url, "--settle", "5").exitCode()).isZero();
        a.applies("3");
        b.applies("3");
        assertThat(Cli.run("phase", MOVE, "migrated", "--url", url).exitCode()).isZero();
        a.applies("4");
        b.applies("4");
        Cli.Run skip = Cli.run("phase", MOVE, "migrated", "--url", url);
        assertThat(skip.exitCode()).as(skip.toString()).isEqualTo(TandemCli.USAGE);
        assertThat(Cli.run("phase", MOVE, "contract", "--url", url).exitCode()).isZero();
        a.applies("5");
        b.applies("5");

        // Contract: the application writes email_address only; then back to migrated.
        db.execute("UPDATE customer SET email_address = 'new@x' WHERE id = 1");
        Cli.Run early = Cli.run("backfill", "--fleet", "--direction", "backward", "--rules", rules, "--url", url);
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(TandemCli.PROBLEMS);
        assertThat(early.err()).contains("does not allow a backward backfill");
        assertThat(Cli.run("phase", MOVE, "migrated", "--url", url).exitCode()).isZero();
        Cli.Run notYet = Cli.run("backfill", "--fleet", "--direction", "backward", "--rules", rules, "--url", url);
        assertThat(notYet.exitCode()).as("instances still in contract").isEqualTo(TandemCli.PROBLEMS);
        a.applies("6");
        b.applies("6");
        Cli.Run pending = Cli.run("status", "--url", url);
        assertThat(pending.out()).contains("served writes as migrated, reads as contract")
            .contains("waits for the backward backfill");
        Cli.Run another = Cli.run("phase", MOVE, "expand", "--url", url);
        assertThat(another.err()).contains("is going back from contract");
        Cli.Run refusedConfirm = Cli.run("phase", MOVE, "migrated", "--url", url);
        assertThat(refusedConfirm.exitCode()).as(refusedConfirm.toString()).isEqualTo(TandemCli.PROBLEMS);
        assertThat(refusedConfirm.err()).contains("hold a value in email_address that is not forward(email)");
        Cli.Run backward = Cli.run("backfill", "--fleet", "--direction", "backward", "--rules", rules, "--url", url);
        assertThat(backward.exitCode()).as(backward.toString()).isZero();
        Cli.Run confirmed = Cli.run("phase", MOVE, "migrated", "--url", url);
        assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).contains("published revision 7").contains("(after the rollback)");
        assertThat(column(raw, "email")).containsExactly("new@x", "b@x");

        Cli.Run forced = Cli.run("phase", MOVE, "contract", "--url", url, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.err()).contains("--force");
      }
    } finally {
      timer.shutdownNow();
    }
  }

  private static List<String> column(Connection c, String column) throws Exception {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + column + " FROM customer ORDER BY id")) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
