package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code check}, {@code backfill}, {@code triggers} and {@code explain} on a column moved to another table (§13). */
class CrossTableCommandsTest {
  private static final String EXAMPLE = Cli.example("local-user-password-to-table.yaml");

  @TempDir
  Path folder;

  private String rules(String phase) throws Exception {
    String text = Files.readString(Path.of(EXAMPLE)).replace("phase: expand", "phase: " + phase);
    return Files.writeString(folder.resolve("password-" + phase + ".yaml"), text).toString();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void checkAndBackfill_copyTheOldColumnUntilBothAgree(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE local_user (id INT PRIMARY KEY, password VARCHAR(20))",
          "CREATE TABLE password (local_user_id INT NOT NULL PRIMARY KEY, password VARCHAR(20))",
          "INSERT INTO local_user (id, password) VALUES (1, 'a'), (2, NULL), (3, 'c')",
          "INSERT INTO password (local_user_id, password) VALUES (3, 'stale')");
      Cli.Run early = Cli.run("check", "--rules", rules("migrated"), "--url", db.vendorUrl());
      assertThat(early.exitCode()).as(early.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(early.out()).contains("rows whose copies differ: 2").contains("run tandem backfill before migrated");

      Cli.Run backfill = Cli.run("backfill", "--rules", EXAMPLE, "--url", db.vendorUrl(), "--batch-size", "2");
      assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
      assertThat(backfill.out()).contains("3 rows of local_user copied to password");
      assertThat(db.rows("SELECT local_user_id, password FROM password ORDER BY local_user_id"))
          .isEqualTo("1:a 2:null 3:c");

      Cli.Run after = Cli.run("check", "--rules", rules("migrated"), "--url", db.vendorUrl());
      assertThat(after.exitCode()).as(after.toString()).isZero();
      assertThat(after.out()).contains("rows whose copies differ: 0").contains("all 1 moves fit");
    }
  }

  @Test
  void check_missingColumnOrTable_isAProblem() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute("CREATE TABLE local_user (id INT PRIMARY KEY, password VARCHAR(20))");
      Cli.Run run = Cli.run("check", "--rules", EXAMPLE, "--url", db.vendorUrl());
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(run.out()).contains("problem: table password does not exist");
    }
  }

  /** {@code tandem phase} does not walk a move to another table yet: it says so, and publishes nothing. */
  @Test
  void phase_refusesAMoveToAnotherTable_withAUsageError() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2); java.sql.Connection raw = db.openRaw()) {
      db.execute("CREATE TABLE local_user (id INT PRIMARY KEY, password VARCHAR(20))",
          "CREATE TABLE password (local_user_id INT NOT NULL PRIMARY KEY, password VARCHAR(20))");
      dev.tandem.fleet.FleetTables.create(raw, Engine.H2.dialect());
      Cli.Run published = Cli.run("fleet", "publish", "--url", db.vendorUrl(), "--rules", EXAMPLE);
      assertThat(published.exitCode()).as(published.toString()).isZero();
      Cli.Run phase = Cli.run("phase", "local-user-password-to-table", "migrated", "--url", db.vendorUrl());
      assertThat(phase.exitCode()).as(phase.toString()).isEqualTo(TandemCli.USAGE);
      assertThat(phase.err()).contains("moves a column to another table").contains("does not walk it yet");
      assertThat(db.rows("SELECT count(*) FROM tandem_rules")).isEqualTo("1");
    }
  }

  @Test
  void triggersAndExplain_sayWhatHappens() {
    Cli.Run triggers = Cli.run("triggers", "--rules", EXAMPLE, "--dialect", "postgresql");
    assertThat(triggers.out()).contains("no triggers are generated yet for a move to another table");
    Cli.Run explain = Cli.run("explain", "--rules", EXAMPLE, "--dialect", "postgresql",
        "UPDATE local_user SET password = ? WHERE id = ?");
    assertThat(explain.exitCode()).as(explain.toString()).isZero();
    assertThat(explain.out()).contains("result:     rewritten by local-user-password-to-table")
        .contains("then:       INSERT INTO password (local_user_id, password) SELECT tandem_x.id, tandem_x.password"
            + " FROM local_user tandem_x WHERE tandem_x.id IN (?) ON CONFLICT (local_user_id) DO UPDATE SET"
            + " password = EXCLUDED.password")
        .contains("application parameters [2]");
  }
}
