package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.fleet.FleetTables;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code check}, {@code backfill}, {@code triggers} and {@code explain} on a table rename (docs/behaviour.md §11). */
class TableRenameCommandsTest {
  private static final String EXAMPLE = Cli.example("conversation-rename-to-thread.yaml");

  @TempDir
  Path folder;

  /** The example with its phase set to {@code phase}, as a file in the test's folder. */
  private String rules(String phase) throws Exception {
    String text = Files.readString(Path.of(EXAMPLE)).replace("phase: expand", "phase: " + phase);
    return Files.writeString(folder.resolve("rename-" + phase + ".yaml"), text).toString();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void check_followsTheRenameMigration(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      Cli.Run before = check(db, rules("expand"), "CREATE TABLE conversation (id INT PRIMARY KEY, title VARCHAR(10))");
      assertThat(before.exitCode()).as(before.toString()).isZero();
      assertThat(before.out()).contains("move conversation-to-thread (table rename conversation -> thread, phase expand)")
          .contains("  conversation: table\n").contains("  thread: missing\n").contains("  fits\n")
          .contains("all 1 moves fit");

      Cli.Run early = check(db, rules("contract"));
      assertThat(early.exitCode()).as(early.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(early.out()).contains("PROBLEM: the rule says contract but the rename migration has not run: run"
          + " ALTER TABLE conversation RENAME TO thread first");

      Cli.Run after = check(db, rules("contract"), "ALTER TABLE conversation RENAME TO thread",
          "CREATE VIEW conversation AS SELECT * FROM thread");
      assertThat(after.exitCode()).as(after.toString()).isZero();
      assertThat(after.out()).contains("  conversation: view\n").contains("  thread: table\n").contains("  fits\n");

      Cli.Run copy = check(db, rules("expand"), "DROP VIEW conversation",
          "CREATE TABLE conversation (id INT PRIMARY KEY, title VARCHAR(10))");
      assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(copy.out()).contains("both exist and conversation is a table");
    }
  }

  /**
   * {@code tandem phase} on a rename: contract only once the migration ran, never migrated, back to expand at
   * any time, and the published revision is the newest with that one phase changed. No instance is
   * registered, so the fleet has converged trivially.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void phase_walksTheRenameOnlyWhenTheSchemaAllowsIt(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection raw = db.openRaw()) {
      db.execute("CREATE TABLE conversation (id INT PRIMARY KEY, title VARCHAR(10))");
      FleetTables.create(raw, engine.dialect());
      String url = db.vendorUrl();
      assertThat(Cli.run("fleet", "publish", "--url", url, "--rules", EXAMPLE).exitCode()).isZero();

      Cli.Run early = Cli.run("phase", "conversation-to-thread", "contract", "--url", url, "--settle", "0");
      assertThat(early.exitCode()).as(early.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(early.err()).contains("the schema does not allow move conversation-to-thread to reach contract")
          .contains("the rename migration has not run");
      Cli.Run migrated = Cli.run("phase", "conversation-to-thread", "migrated", "--url", url);
      assertThat(migrated.exitCode()).as(migrated.toString()).isEqualTo(TandemCli.USAGE);
      assertThat(migrated.err()).contains("its phases are expand and contract");

      db.execute("ALTER TABLE conversation RENAME TO thread");
      Cli.Run contract = Cli.run("phase", "conversation-to-thread", "contract", "--url", url, "--settle", "0");
      assertThat(contract.exitCode()).as(contract.toString()).isZero();
      assertThat(contract.out()).contains("published revision 2: move conversation-to-thread expand -> contract");
      String document = new DatabaseRuleStore(raw, engine.dialect()).latest().document();
      assertThat(document).isEqualTo(Files.readString(Path.of(EXAMPLE)).replace("phase: expand", "phase: contract"));
      assertThat(Cli.run("phase", "conversation-to-thread", "contract", "--url", url).exitCode())
          .isEqualTo(TandemCli.USAGE);
      Cli.Run back = Cli.run("phase", "conversation-to-thread", "expand", "--url", url, "--settle", "0");
      assertThat(back.exitCode()).as(back.toString()).isZero();
      assertThat(new DatabaseRuleStore(raw, engine.dialect()).latest().document())
          .contains("phase: expand");
    }
  }

  @Test
  void backfill_hasNothingToDo() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute("CREATE TABLE thread (id INT PRIMARY KEY)");
      for (String move : new String[] {null, "conversation-to-thread"}) {
        Cli.Run run = move == null ? Cli.run("backfill", "--rules", EXAMPLE, "--url", db.vendorUrl())
            : Cli.run("backfill", "--rules", EXAMPLE, "--url", db.vendorUrl(), "--move", move);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("move conversation-to-thread is a table rename: nothing to backfill");
      }
    }
  }

  @Test
  void triggers_noneButTheCompatibilityView() {
    Cli.Run create = Cli.run("triggers", "--rules", EXAMPLE, "--dialect", "postgresql");
    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(create.out()).contains("no triggers (one table holds every row)")
        .contains("CREATE VIEW conversation AS SELECT * FROM thread;");
    Cli.Run drop = Cli.run("triggers", "--rules", EXAMPLE, "--dialect", "mariadb", "--drop");
    assertThat(drop.out()).contains("DROP VIEW conversation;");
  }

  @Test
  void explain_showsTheRedirect() {
    Cli.Run run = Cli.run("explain", "--rules", EXAMPLE, "--dialect", "postgresql",
        "UPDATE conversation SET title = ? WHERE conversation.id = ?");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("result:     rewritten by conversation-to-thread")
        .contains("sent:       UPDATE thread SET title = ? WHERE thread.id = ?")
        .contains("note:       a table rename goes to whichever name is the table");
  }

  /** {@code tandem check} after {@code ddl}. */
  private static Cli.Run check(TestDatabase db, String rules, String... ddl) throws Exception {
    db.execute(ddl);
    return Cli.run("check", "--rules", rules, "--url", db.vendorUrl());
  }
}
