package dev.tandem.cli;

import static dev.tandem.cli.MoveTables.count;
import static dev.tandem.cli.MoveTables.inconsistent;
import static dev.tandem.cli.MoveTables.move;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackfillCommandTest {
  private static final String RENAME = Cli.example("customer-email-rename.yaml");
  private static final String ONE_WAY = Cli.example("conversation-last-message-at.yaml");

  @ParameterizedTest
  @EnumSource(Engine.class)
  void backfill_fillsTheMoveAndLogsPlainLinesOffATerminal(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.customers(db, 120);

      Cli.Run run = Cli.run("backfill", "--rules", RENAME, "--url", db.vendorUrl(), "--batch-size", "25",
          "--move", "customer.email->email_address", "--pause", "1");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.OK);
      assertThat(run.out()).doesNotContain("\r")
          .contains("move customer.email->email_address: filling email_address (forward), 120 rows lack it\n")
          .contains("move customer.email->email_address: filled 120 rows in 5 batches, 2 passes, ");
      assertThat(inconsistent(db, move("customer-email-rename.yaml"))).isZero();
    }
  }

  @Test
  void backfill_runAgainAfterAnInterruptedRun_fillsOnlyWhatIsLeft() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      MoveTables.customers(db, 100);
      db.execute("UPDATE customer SET email_address = email WHERE id <= 60");

      Cli.Run run = Cli.run("backfill", "--rules", RENAME, "--url", db.vendorUrl(), "--batch-size", "30");

      assertThat(run.exitCode()).isEqualTo(TandemCli.OK);
      assertThat(run.out()).contains("40 rows lack it").contains("filled 40 rows in 2 batches");
    }
  }

  @Test
  void backfill_backwardOnAOneWayMove_isRefusedBeforeConnecting() {
    Cli.Run run = Cli.run("backfill", "--rules", ONE_WAY, "--url", "jdbc:h2:mem:unused", "--direction", "backward");

    assertThat(run.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(run.err()).contains("move conversation-last-message-at is one-way (backward: null)");
  }

  @Test
  void backfill_backward_fillsTheOldColumn() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute(MoveTables.PRODUCT, "INSERT INTO product (id, price) VALUES (1, 2.50)");

      Cli.Run run = Cli.run("backfill", "--rules", Cli.example("product-price-type-change.yaml"), "--url",
          db.vendorUrl(), "--direction", "BACKWARD");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(TandemCli.OK);
      assertThat(count(db, "SELECT price_cents FROM product WHERE id = 1")).isEqualTo(250);
    }
  }

  @Test
  void backfill_unknownMove_listsTheMovesThereAre() {
    Cli.Run run = Cli.run("backfill", "--rules", RENAME, "--url", "jdbc:h2:mem:unused", "--move", "customer.mail");

    assertThat(run.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(run.err()).contains("no move named 'customer.mail'").contains("its moves are customer.email->email_address");
  }

  @Test
  void backfill_badOptionValues_areUsageErrors() {
    assertThat(Cli.run("backfill", "--rules", RENAME, "--url", "jdbc:h2:mem:unused", "--batch-size", "0").exitCode())
        .isEqualTo(TandemCli.USAGE);
    assertThat(Cli.run("backfill", "--rules", RENAME, "--url", "jdbc:h2:mem:unused", "--pause", "-5").exitCode())
        .isEqualTo(TandemCli.USAGE);
    Cli.Run sideways = Cli.run("backfill", "--rules", RENAME, "--url", "jdbc:h2:mem:unused", "--direction", "sideways");
    assertThat(sideways.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(sideways.err()).contains("expected forward or backward, not 'sideways'");
  }

  @Test
  void backfill_tableWithoutPrimaryKey_doesNotFit() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute("CREATE TABLE customer (email VARCHAR(320), email_address VARCHAR(320))");

      Cli.Run run = Cli.run("backfill", "--rules", RENAME, "--url", db.vendorUrl());

      assertThat(run.exitCode()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(run.err()).contains("table customer has no primary key");
    }
  }
}
