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

class CheckCommandTest {
  private static final String RENAME = Cli.example("customer-email-rename.yaml");

  @TempDir
  Path folder;

  /** The rename move of the examples, at {@code phase}. */
  private String renameRules(String phase) throws Exception {
    Path file = folder.resolve("rename-" + phase + ".yaml");
    Files.writeString(file, "version: 1\nmoves:\n  - {table: customer, from: email, to: email_address, phase: "
        + phase + "}\n");
    return file.toString();
  }

  /** Runs {@code tandem check} on a fresh H2 database after {@code ddl}. */
  private static Cli.Run checkOnH2(String rules, String ddl) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      if (ddl != null) {
        db.execute(ddl);
      }
      return Cli.run("check", "--rules", rules, "--url", db.vendorUrl());
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void check_rowsThatDisagree_areCountedAndFailTheCheck(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.customers(db, 20);
      db.execute("UPDATE customer SET email_address = email WHERE id <= 5",
          "UPDATE customer SET email_address = 'other@example.com' WHERE id IN (6, 7)",
          "UPDATE customer SET email = NULL WHERE id = 20");

      Cli.Run run = Cli.run("check", "--rules", RENAME, "--url", db.vendorUrl());

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(run.out())
          .contains("move customer.email->email_address (table customer, phase expand)")
          .containsPattern("from email: (VARCHAR|CHARACTER VARYING)\\(320\\)")
          .containsPattern("to   email_address: (VARCHAR|CHARACTER VARYING)\\(320\\)")
          .contains("rows: 20\n")
          .contains("rows lacking email_address: 12\n")
          .contains("rows lacking email (written through email_address only): 0\n")
          .contains("rows disagreeing: 2\n")
          .contains("PROBLEM: 2 rows hold a value in email_address that is not forward(email)")
          .contains("1 of 1 moves do not fit");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void check_afterBackfillOfACorrelatedSubquery_fits(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.conversations(db, 30);
      db.execute("UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m"
          + " WHERE m.id = conversation.last_message_id)");

      Cli.Run run = Cli.run("check", "--rules", Cli.example("conversation-last-message-at.yaml"),
          "--url", db.vendorUrl(), "--require-backfilled");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.OK);
      assertThat(run.out()).contains("phase expand, one-way)").contains("rows lacking last_message_at: 0")
          .doesNotContain("rows lacking last_message_id").contains("rows disagreeing: 0").contains("  fits\n")
          .contains("all 1 moves fit");
    }
  }

  @Test
  void check_expandWithRowsLacking_fitsUnlessBackfillIsRequired() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      MoveTables.customers(db, 3);

      assertThat(Cli.run("check", "--rules", RENAME, "--url", db.vendorUrl()).exitCode()).isEqualTo(TandemCli.OK);
      Cli.Run strict = Cli.run("check", "--rules", RENAME, "--url", db.vendorUrl(), "--require-backfilled");
      assertThat(strict.exitCode()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(strict.out()).contains("PROBLEM: 3 rows still lack email_address; run tandem backfill first");
    }
  }

  @Test
  void check_migratedWithRowsLacking_failsBecauseTheBackfillWasDeclaredDone() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      MoveTables.customers(db, 3);

      Cli.Run run = Cli.run("check", "--rules", renameRules("migrated"), "--url", db.vendorUrl());

      assertThat(run.exitCode()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(run.out()).contains("PROBLEM: 3 rows still lack email_address, but the rules say migrated");
    }
  }

  @Test
  void check_contractWithOldColumnDropped_fits() throws Exception {
    Cli.Run run = checkOnH2(renameRules("contract"), "CREATE TABLE customer (id INT PRIMARY KEY, email_address"
        + " VARCHAR(320))");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.OK);
    assertThat(run.out()).contains("from email: missing").contains("  fits\n");
  }

  @Test
  void check_newColumnMissing_namesItAndTheMigration() throws Exception {
    Cli.Run run = checkOnH2(RENAME, "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(320))");

    assertThat(run.exitCode()).isEqualTo(TandemCli.PROBLEMS);
    assertThat(run.out()).contains("to   email_address: missing")
        .contains("PROBLEM: column email_address does not exist in table customer; run the expand migration first");
  }

  @Test
  void check_transformThatDoesNotRun_isAProblemOfTheMove() throws Exception {
    Cli.Run run = checkOnH2(Cli.example("conversation-last-message-at.yaml"), MoveTables.CONVERSATION);

    assertThat(run.exitCode()).isEqualTo(TandemCli.PROBLEMS);
    assertThat(run.out()).contains("PROBLEM: cannot count the rows, the transforms do not run on this database:")
        .containsIgnoringCase("message");
  }

  @Test
  void check_tableMissing_saysWhereItLooked() throws Exception {
    Cli.Run run = checkOnH2(RENAME, null);

    assertThat(run.exitCode()).isEqualTo(TandemCli.PROBLEMS);
    assertThat(run.out()).contains("PROBLEM: table customer does not exist in schema PUBLIC");
  }

  @Test
  void check_tandemUrl_isUnwrappedAndItsSettingsIgnored() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      MoveTables.customers(db, 2);

      Cli.Run run = Cli.run("check", "--rules", RENAME, "--url", db.tandemUrl("tandem.rules", RENAME));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.OK);
      assertThat(run.out()).contains("against " + db.vendorUrl() + "\n");
    }
  }
}
