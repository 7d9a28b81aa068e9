package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.fleet.FleetTables;
import dev.tandem.testing.Await;
import dev.tandem.testing.Engine;
import dev.tandem.testing.FlakyDatabase;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lapsed-lease gate, as a fault: the database becomes unreachable for Tandem's own connections (the
 * application's connection stays up), the instance cannot renew its lease, the lease lapses and every
 * statement on a moved table is refused while statements on other tables pass; when the database is back
 * the instance reads the newest revision (the fleet moved on to contract meanwhile), renews its lease and
 * serves again, with that revision's rules.
 */
class LeaseGateTest {
  private static final String EXPAND = "version: 1\nmoves:\n  - name: email\n    table: customer\n"
      + "    from: email\n    to: email_address\n    phase: expand\n";

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aLapsedLease_refusesStatementsOnMovedTablesOnly_untilItRenews(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
          "CREATE TABLE audit (id INT PRIMARY KEY, note VARCHAR(100))");
      try (Connection raw = db.openRaw()) {
        FleetTables.create(raw, engine.dialect());
        new DatabaseRuleStore(raw, engine.dialect()).publish(EXPAND, "test");
      }
      FlakyDatabase flaky = new FlakyDatabase(db);
      TandemConfig config = TandemConfig.resolve(Map.of("tandem.rules", "table:tandem_rules",
          "tandem.leaseMs", "600", "tandem.reloadIntervalMs", "0"), null, new Properties(), Map.of());
      try (Connection c = ConnectionFactory.wrap(db.openRaw(), config, engine.dialect(),
          ConnectionFactory.globalMetrics(), db::openRaw, flaky::open)) {
        PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)");
        insert.setInt(1, 1);
        insert.setString(2, "a@x");
        insert.executeUpdate();

        flaky.down(true);
        Await.until("the lease lapses and a statement on customer is refused", Duration.ofSeconds(5),
            () -> refused(c, "SELECT email FROM customer WHERE id = 1"));
        assertThatThrownBy(() -> execute(c, "SELECT email FROM customer"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("move email").hasMessageContaining("lease lapsed since")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
        // A statement prepared while the lease held is refused when it runs now.
        insert.setInt(1, 2);
        insert.setString(2, "c@x");
        assertThatThrownBy(insert::executeUpdate).hasMessageContaining("lease lapsed since");
        // Other tables are served.
        execute(c, "INSERT INTO audit (id, note) VALUES (1, 'still served')");
        assertThat(columns(db)).isEqualTo("1:a@x|a@x");
        // The fleet moves on without it: the next revision puts the move in contract.
        try (Connection raw = db.openRaw()) {
          new DatabaseRuleStore(raw, engine.dialect()).publish(EXPAND.replace("expand", "contract"), "test");
        }

        flaky.down(false);
        Await.until("the lease is renewed and customer is served again", Duration.ofSeconds(5),
            () -> !refused(c, "SELECT email FROM customer WHERE id = 1"));
        // It rejoined at the newest revision (it does not poll: only the rejoin read it), so it writes as contract.
        execute(c, "UPDATE customer SET email = 'b@x' WHERE id = 1");
        insert.executeUpdate();
        insert.close();
        assertThat(columns(db)).isEqualTo("1:a@x|b@x 2:null|c@x");
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT email FROM customer ORDER BY id")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("b@x");
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("c@x");
        }
      }
    }
  }

  /** Whether {@code sql} is refused for the lapsed lease; any other failure fails the test. */
  private static boolean refused(Connection c, String sql) throws SQLException {
    try {
      execute(c, sql);
      return false;
    } catch (SQLException e) {
      if (e.getMessage().contains("lease lapsed since")) {
        return true;
      }
      throw e;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String columns(TestDatabase db) throws SQLException {
    return db.rows("SELECT id, email, email_address FROM customer ORDER BY id");
  }

}
