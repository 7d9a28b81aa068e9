package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves SPEC §7 for prepared statements: a statement prepared under one rule set and executed
 * after the file changed runs under the new rules, re-planned at execution with its bound
 * parameters re-applied, including a batch that was pending when the rules changed.
 */
class PreparedAcrossReloadTest {
  @TempDir
  Path dir;

  private static TestDatabase customers(Engine engine) throws Exception {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
    return db;
  }

  private Connection tandem(TestDatabase db, RuleFile rules) throws Exception {
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", rules.path().toString(),
        "tandem.reloadIntervalMs", "20"));
  }

  /** Waits (up to 10 s) until the connection's rules satisfy {@code loaded}. */
  private static void await(Connection c, Predicate<RuleSet> loaded) throws Exception {
    TandemConnection tandem = c.unwrap(TandemConnection.class);
    for (int i = 0; i < 1000 && !loaded.test(tandem.planner().rules()); i++) {
      Thread.sleep(10);
    }
    assertThat(loaded.test(tandem.planner().rules())).as("the new rules were loaded").isTrue();
  }

  private static void awaitPhase(Connection c, Phase phase) throws Exception {
    await(c, r -> !r.isEmpty() && r.moves().get(0).phase() == phase);
  }

  private static String[] row(TestDatabase db, int id) throws Exception {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = " + id)) {
      assertThat(rs.next()).as("row " + id).isTrue();
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void preparedBeforeAnyMove_executedAfterExpand_writesBothColumns(Engine engine) throws Exception {
    RuleFile rules = new RuleFile(dir, false);
    rules.writeEmpty();
    try (TestDatabase db = customers(engine); Connection c = tandem(db, rules);
        PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)")) {
      insert.setInt(1, 1);
      insert.setString(2, "bound-before@example.com");

      rules.write(Phase.EXPAND);
      awaitPhase(c, Phase.EXPAND);
      insert.executeUpdate();

      assertThat(row(db, 1)).containsExactly("bound-before@example.com", "bound-before@example.com");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void pendingBatch_acrossMigratedToContract_isReplayedUnderTheNewRules(Engine engine) throws Exception {
    RuleFile rules = new RuleFile(dir, false);
    rules.write(Phase.MIGRATED);
    try (TestDatabase db = customers(engine); Connection c = tandem(db, rules);
        PreparedStatement insert = c.prepareStatement("INSERT INTO customer (email, id) VALUES (?, ?)")) {
      for (int id = 1; id <= 3; id++) {
        insert.setString(1, "batched" + id + "@example.com");
        insert.setInt(2, id);
        insert.addBatch();
      }

      rules.write(Phase.CONTRACT);
      awaitPhase(c, Phase.CONTRACT);
      int[] counts = insert.executeBatch();

      assertThat(counts).hasSize(3);
      // In contract the old column is redirected: only email_address is written.
      for (int id = 1; id <= 3; id++) {
        assertThat(row(db, id)).containsExactly(null, "batched" + id + "@example.com");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void preparedUpdate_reExecutedAcrossEveryPhase_keepsItsParametersAndFollowsTheRules(Engine engine) throws Exception {
    RuleFile rules = new RuleFile(dir, false);
    rules.write(Phase.CONTRACT);
    try (TestDatabase db = customers(engine); Connection c = tandem(db, rules);
        PreparedStatement update = c.prepareStatement("UPDATE customer SET email_address = ? WHERE id = ?")) {
      db.execute("INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', 'a@x')");
      update.setString(1, "contract@x");
      update.setInt(2, 1);
      update.executeUpdate();
      assertThat(row(db, 1)).as("contract writes the new column only").containsExactly("a@x", "contract@x");

      rules.write(Phase.MIGRATED);
      awaitPhase(c, Phase.MIGRATED);
      update.executeUpdate();
      assertThat(row(db, 1)).as("same parameters, re-planned for migrated").containsExactly("contract@x", "contract@x");

      update.setString(1, "expand@x");
      rules.write(Phase.EXPAND);
      awaitPhase(c, Phase.EXPAND);
      update.executeUpdate();
      assertThat(row(db, 1)).containsExactly("expand@x", "expand@x");
    }
  }
}
