package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.PhasedRuleFile;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code check}, {@code backfill}, {@code triggers} and {@code explain} on a column split
 * ({@code rules-examples/customer-name-split.yaml}, docs/behaviour.md §12), run against real databases.
 */
class SplitCommandsTest {
  private static final String EXAMPLE = Cli.example("customer-name-split.yaml");
  private static final String TABLE = "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100),"
      + " first_name VARCHAR(100), last_name VARCHAR(100))";
  private static final String ROWS = "SELECT id, name, first_name, last_name FROM customer ORDER BY id";

  @TempDir
  Path folder;

  /** The example with its phase set to {@code phase}, as a file in the test's folder. */
  private String rules(String phase) throws Exception {
    return PhasedRuleFile.write(Path.of(EXAMPLE), folder, phase).toString();
  }

  /**
   * Rows from before the expand lack both targets; the forward backfill fills them (a name without a
   * space keeps its last name NULL and counts as filled), check then passes --require-backfilled; rows
   * written in contract through the targets only are given their old column by the backward backfill.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void backfillBothWays_thenCheck_seesEveryRowFilled(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(TABLE, "INSERT INTO customer (id, name) VALUES (1, 'Ada Lovelace'), (2, 'Plato'), (3, NULL)");
      Cli.Run lacking = Cli.run("check", "--rules", rules("expand"), "--url", db.vendorUrl(), "--require-backfilled");
      assertThat(lacking.exitCode()).as(lacking.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(lacking.out()).contains("move customer-name-split")
          .contains("part of a split").contains("rows still lack first_name");

      Cli.Run forward = Cli.run("backfill", "--rules", rules("expand"), "--url", db.vendorUrl());
      assertThat(forward.exitCode()).as(forward.toString()).isZero();
      assertThat(db.rows(ROWS)).isEqualTo("1:Ada Lovelace|Ada|Lovelace 2:Plato|Plato|null 3:null|null|null");
      Cli.Run filled = Cli.run("check", "--rules", rules("migrated"), "--url", db.vendorUrl(), "--require-backfilled");
      assertThat(filled.exitCode()).as(filled.toString()).isZero();

      // contract: the old version's updates and new rows went to the targets alone
      db.execute("UPDATE customer SET first_name = 'Augusta', last_name = 'King' WHERE id = 1",
          "INSERT INTO customer (id, first_name, last_name) VALUES (4, 'Grace', 'Hopper')");
      Cli.Run backward = Cli.run("backfill", "--rules", rules("contract"), "--url", db.vendorUrl(), "--direction",
          "backward");
      assertThat(backward.exitCode()).as(backward.toString()).isZero();
      assertThat(db.rows(ROWS)).isEqualTo("1:Augusta King|Augusta|King 2:Plato|Plato|null 3:null|null|null"
          + " 4:Grace Hopper|Grace|Hopper");
      Cli.Run back = Cli.run("check", "--rules", rules("migrated"), "--url", db.vendorUrl(), "--require-backfilled");
      assertThat(back.exitCode()).as(back.toString()).isZero();
    }
  }

  /**
   * Commands that name the split work on every piece: {@code backfill --move} fills both targets, and
   * {@code tandem phase} refuses migrated while any target still lacks values, not only the first
   * (here first_name is filled by hand, last_name is not).
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void phaseAndBackfillByName_coverEveryPieceOfTheSplit(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); java.sql.Connection raw = db.openRaw()) {
      db.execute(TABLE, "INSERT INTO customer (id, name) VALUES (1, 'Ada Lovelace'), (2, 'Alan Turing')",
          "UPDATE customer SET first_name = 'Ada' WHERE id = 1", "UPDATE customer SET first_name = 'Alan' WHERE id = 2");
      dev.tandem.fleet.FleetTables.create(raw, engine.dialect());
      String url = db.vendorUrl();
      Cli.Run published = Cli.run("fleet", "publish", "--url", url, "--rules", rules("expand"));
      assertThat(published.exitCode()).as(published.toString()).isZero();

      Cli.Run half = Cli.run("phase", "customer-name-split", "migrated", "--url", url, "--settle", "1");
      assertThat(half.exitCode()).as(half.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(half.err()).contains("the data does not allow").contains("2 rows still lack last_name");

      Cli.Run filled = Cli.run("backfill", "--rules", rules("expand"), "--url", url, "--move", "customer-name-split");
      assertThat(filled.exitCode()).as(filled.toString()).isZero();
      assertThat(db.rows(ROWS)).isEqualTo("1:Ada Lovelace|Ada|Lovelace 2:Alan Turing|Alan|Turing");
      Cli.Run migrated = Cli.run("phase", "customer-name-split", "migrated", "--url", url, "--settle", "1");
      assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
      assertThat(migrated.out()).contains("expand -> migrated");
    }
  }

  /**
   * One set of triggers for the split: a writer bypassing Tandem that writes the old column gets both
   * targets, one that writes a target gets the old column, and a first name with a space survives
   * (a trigger per target would recompute the last name from the new old value).
   */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void triggers_keepBothSidesForWritersThatBypassTandem(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(TABLE);
      Cli.Run create = Cli.run("triggers", "--rules", EXAMPLE, "--dialect", engine.dialect().name().toLowerCase(
          java.util.Locale.ROOT));
      assertThat(create.exitCode()).as(create.toString()).isZero();
      assertThat(create.out()).contains("-- split customer-name-split: customer.name -> [first_name, last_name]");
      for (String statement : TriggerScripts.of(engine.dialect()).create(
          dev.tandem.rules.RuleFileLoader.load(Path.of(EXAMPLE)).moves().get(0))) {
        db.execute(statement);
      }
      assertThat(TriggerScripts.of(engine.dialect()).create(
          dev.tandem.rules.RuleFileLoader.load(Path.of(EXAMPLE)).moves().get(1))).isEmpty();
      db.execute(
          "INSERT INTO customer (id, name) VALUES (1, 'Ada Lovelace')",
          "INSERT INTO customer (id, first_name, last_name) VALUES (2, 'Grace', 'Hopper')",
          "INSERT INTO customer (id, name) VALUES (3, 'Alan Turing')",
          "UPDATE customer SET first_name = 'Mary Ann' WHERE id = 3",
          "UPDATE customer SET name = 'Edsger Dijkstra' WHERE id = 2",
          "UPDATE customer SET name = 'x', first_name = 'y', last_name = 'z' WHERE id = 1");
      assertThat(db.rows(ROWS)).isEqualTo("1:x|y|z 2:Edsger Dijkstra|Edsger|Dijkstra 3:Mary Ann Turing|Mary Ann|Turing");
      for (String statement : TriggerScripts.of(engine.dialect()).drop(
          dev.tandem.rules.RuleFileLoader.load(Path.of(EXAMPLE)).moves().get(0))) {
        db.execute(statement);
      }
      db.execute("UPDATE customer SET name = 'gone' WHERE id = 1");
      assertThat(db.rows("SELECT first_name FROM customer WHERE id = 1")).isEqualTo("y");
    }
  }

  @Test
  void explain_showsBothDirections() {
    Cli.Run old = Cli.run("explain", "--rules", EXAMPLE, "--dialect", "postgresql",
        "UPDATE customer SET name = ? WHERE id = ?");
    assertThat(old.exitCode()).as(old.toString()).isZero();
    assertThat(old.out()).contains("rewritten by customer-name-split").contains("first_name = CASE WHEN")
        .contains("last_name = CASE WHEN");
    Cli.Run young = Cli.run("explain", "--rules", EXAMPLE, "--dialect", "postgresql",
        "UPDATE customer SET last_name = ? WHERE id = ?");
    assertThat(young.out()).contains("sent:       UPDATE customer SET name = NULLIF(CONCAT_WS(' ', customer.first_name,"
        + " ?), ''), last_name = ? WHERE id = ?");
    assertThat(List.of(young.exitCode())).containsExactly(0);
  }
}
