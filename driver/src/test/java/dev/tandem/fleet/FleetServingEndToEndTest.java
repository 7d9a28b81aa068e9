package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.jdbc.TandemConfig;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.jdbc.PlanCache;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviours only a switching fleet produces, run through Tandem on every engine, both columns checked
 * on a raw connection: writes as migrated with reads as contract, {@code to} cleared while an instance lacks
 * the move, and a move refused while the fleet applies phases no statement can serve.
 */
class FleetServingEndToEndTest {
  private static final MoveRule MOVE = new MoveRule("customer.email->email_address", TableName.parse("customer"),
      Identifier.parse("email"), Identifier.parse("email_address"), Transform.identityForward(),
      Transform.identityBackward(), Phase.EXPAND, 0);

  private static RuleSet rules(Phase phase) {
    return new RuleSet(1, phase == null ? List.of() : List.of(MOVE.withPhase(phase)), "test", "" + phase);
  }

  private static TestDatabase schema(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "INSERT INTO customer (id, email, email_address) VALUES (1, 'old@x', 'old@x')");
    return db;
  }

  private static Connection tandem(TestDatabase db, RuleSet effective) throws SQLException {
    TandemConfig config = TandemConfig.resolve(Map.of(), null, new Properties(), Map.of());
    return TandemConnection.wrap(DriverManager.getConnection(db.vendorUrl()), config, db.engine().dialect(),
        () -> effective, false, new MoveRewriter(), new PlanCache(16), TandemMetrics.NOOP, () -> { });
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contractBeforeTheFleetIs_writesBothColumnsAndReadsTheOldOneFromTheNew(Engine engine) throws Exception {
    RuleSet served = FleetPhases.effective(rules(Phase.CONTRACT), rules(Phase.MIGRATED), List.of(rules(Phase.MIGRATED)));
    try (TestDatabase db = schema(engine); Connection app = tandem(db, served); Connection raw = db.openRaw()) {
      execute(app, "UPDATE customer SET email = 'new@x' WHERE id = 1");
      execute(app, "INSERT INTO customer (id, email) VALUES (2, 'two@x')");
      assertThat(row(raw, 1)).containsExactly("new@x", "new@x");
      assertThat(row(raw, 2)).containsExactly("two@x", "two@x");
      execute(raw, "UPDATE customer SET email_address = 'only-new@x' WHERE id = 1");
      assertThat(single(app, "SELECT email FROM customer WHERE id = 1")).isEqualTo("only-new@x");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void expandWhileAnInstanceLacksTheMove_clearsTheNewColumnAndRefusesWritingItAlone(Engine engine) throws Exception {
    RuleSet served = FleetPhases.effective(rules(Phase.EXPAND), rules(null), List.of(rules(null)));
    try (TestDatabase db = schema(engine); Connection app = tandem(db, served); Connection raw = db.openRaw()) {
      execute(app, "UPDATE customer SET email = 'new@x' WHERE id = 1");
      execute(app, "INSERT INTO customer (id, email) VALUES (2, 'two@x')");
      assertThat(row(raw, 1)).containsExactly("new@x", null);
      assertThat(row(raw, 2)).containsExactly("two@x", null);
      assertThat(single(app, "SELECT email_address FROM customer WHERE id = 1")).isEqualTo("new@x");
      assertThatThrownBy(() -> execute(app, "UPDATE customer SET email_address = 'x@x' WHERE id = 1"))
          .isInstanceOf(SQLException.class).hasMessageContaining("does not apply the move yet")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      assertThat(row(raw, 1)).containsExactly("new@x", null);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void fleetInExpandAndContractAtOnce_refusesTheMoveButNotTheRestOfTheTable(Engine engine) throws Exception {
    RuleSet served = FleetPhases.effective(rules(Phase.CONTRACT), rules(Phase.MIGRATED), List.of(rules(Phase.EXPAND)));
    try (TestDatabase db = schema(engine); Connection app = tandem(db, served); Connection raw = db.openRaw()) {
      for (String sql : List.of("UPDATE customer SET email = 'new@x' WHERE id = 1",
          "INSERT INTO customer (id, email) VALUES (2, 'two@x')", "SELECT email FROM customer")) {
        assertThatThrownBy(() -> execute(app, sql)).as(sql).isInstanceOf(SQLException.class)
            .hasMessageContaining("expand, contract");
      }
      assertThat(row(raw, 1)).containsExactly("old@x", "old@x");
      assertThat(single(app, "SELECT COUNT(*) FROM customer")).isEqualTo("1");
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> row(Connection raw, int id) throws SQLException {
    try (Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = " + id)) {
      rs.next();
      return java.util.Arrays.asList(rs.getString(1), rs.getString(2));
    }
  }
}
