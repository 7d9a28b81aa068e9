package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Await;
import dev.tandem.testing.Engine;
import dev.tandem.testing.FlakyDatabase;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rules read from {@code tandem_rules} ({@code tandem.rules=table:tandem_rules}) through the driver, on every
 * engine: what the application's statements do with them, what the database holds in both columns, how a
 * new, invalid or unreachable revision is handled, and the instance's entry in {@code tandem_instances}.
 */
class TableRuleSourceTest {
  static final String MOVE = "version: 1\nmoves:\n  - name: email\n    table: customer\n    from: email\n"
      + "    to: email_address\n    phase: %s\n";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParameterizedTest
  @EnumSource(Engine.class)
  void tableRules_areTheNewestRevision_andANewOneIsPickedUpByThePoll(Engine engine) throws Exception {
    try (TestDatabase db = fleet(engine)) {
      publish(db, MOVE.formatted("expand"));
      try (Connection c = DriverManager.getConnection(fast(db))) {
        execute(c, "INSERT INTO customer (id, email) VALUES (1, 'a@x')");
        assertThat(columns(db, 1)).isEqualTo("a@x|a@x"); // expand writes both columns
        assertThat(registered(db)).isEqualTo("1");

        publish(db, MOVE.formatted("migrated"));
        Await.until("revision 2 is applied and registered", WAIT, () -> "2".equals(registered(db)));
        execute(c, "UPDATE customer SET email = 'b@x' WHERE id = 1");
        assertThat(columns(db, 1)).isEqualTo("b@x|b@x");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM customer")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("b@x");
        }
      }
      // The last connection closed: the instance left the registry.
      assertThat(count(db, FleetTables.INSTANCES)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void connectionsToOneDatabase_shareOneSourceAndOneInstance(Engine engine) throws Exception {
    try (TestDatabase db = fleet(engine)) {
      publish(db, MOVE.formatted("expand"));
      try (Connection a = DriverManager.getConnection(fast(db)); Connection b = DriverManager.getConnection(fast(db))) {
        assertThat(count(db, FleetTables.INSTANCES)).isEqualTo(1);
        a.close();
        assertThat(count(db, FleetTables.INSTANCES)).isEqualTo(1); // b still holds it
        execute(b, "INSERT INTO customer (id, email) VALUES (1, 'a@x')");
        assertThat(columns(db, 1)).isEqualTo("a@x|a@x");
      }
      assertThat(count(db, FleetTables.INSTANCES)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void missingTables_failTheConnectNamingFleetInit(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      assertThatThrownBy(() -> DriverManager.getConnection(fast(db)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("tandem_rules").hasMessageContaining("tandem fleet init");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void noRevisionYet_failsTheConnectNamingPublish(Engine engine) throws Exception {
    try (TestDatabase db = fleet(engine)) {
      assertThatThrownBy(() -> DriverManager.getConnection(fast(db)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("holds no revision").hasMessageContaining("tandem fleet publish");
      assertThat(count(db, FleetTables.INSTANCES)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void invalidRevisions_leaveTheLastGoodRulesInForce_countedOnce(Engine engine) throws Exception {
    try (TestDatabase db = fleet(engine)) {
      publish(db, MOVE.formatted("expand"));
      try (TableRuleSource source = open(db, db::openRaw)) {
        // Written behind the store's back (another tool, a hand edit): not a valid rule file.
        db.execute("INSERT INTO tandem_rules (revision, document) VALUES (2, 'version: 1\nmoves: [oops')");
        assertThat(source.pollOnce()).isFalse();
        assertThat(source.pollOnce()).isFalse();
        assertThat(source.applied().revision()).isEqualTo(1);
        assertThat(source.current().move("email").phase()).isEqualTo(Phase.EXPAND);
        assertThat(source.reloadsFailed()).isEqualTo(1);

        // Valid YAML, but it drops a move that is still written to both columns.
        publish(db, "version: 1\nmoves: []\n");
        assertThat(source.pollOnce()).isFalse();
        assertThat(source.applied().revision()).isEqualTo(1);
        assertThat(source.reloadsFailed()).isEqualTo(2);

        publish(db, MOVE.formatted("migrated"));
        assertThat(source.pollOnce()).isTrue();
        assertThat(source.applied().revision()).isEqualTo(4);
        assertThat(source.current().move("email").phase()).isEqualTo(Phase.MIGRATED);
        assertThat(source.reloadsOk()).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anUnreachableDatabase_keepsTheLastGoodRules_andIsReadAgainWhenBack(Engine engine) throws Exception {
    try (TestDatabase db = fleet(engine)) {
      publish(db, MOVE.formatted("expand"));
      FlakyDatabase flaky = new FlakyDatabase(db);
      try (TableRuleSource source = open(db, flaky::open)) {
        flaky.down(true);
        publish(db, MOVE.formatted("migrated"));
        assertThat(source.pollOnce()).isFalse();
        assertThat(source.pollOnce()).isFalse();
        assertThat(source.current().move("email").phase()).isEqualTo(Phase.EXPAND);
        assertThat(source.reloadsFailed()).isEqualTo(1); // logged and counted once per outage

        flaky.down(false);
        assertThat(source.pollOnce()).isTrue();
        assertThat(source.current().move("email").phase()).isEqualTo(Phase.MIGRATED);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void anotherTable_orADataSource_isRefusedAtConnect() throws Exception {
    try (TestDatabase db = fleet(Engine.H2)) {
      publish(db, MOVE.formatted("expand"));
      assertThatThrownBy(() -> DriverManager.getConnection(db.tandemUrl("tandem.rules", "table:my_rules")))
          .isInstanceOf(SQLException.class).hasMessageContaining("my_rules")
          .hasMessageContaining("table:tandem_rules");
      org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
      h2.setURL(db.vendorUrl());
      // A DataSource (a pool) can only lend the application's connections, which Tandem must not hold.
      assertThatThrownBy(() -> dev.tandem.TandemDataSource.wrap(h2).rules("table:tandem_rules").getConnection())
          .isInstanceOf(SQLException.class).hasMessageContaining("jdbc:tandem:");
      assertThat(count(db, FleetTables.INSTANCES)).isZero();
    }
  }

  /** A table source that polls only when the test says so, renewing a long lease. */
  private static TableRuleSource open(TestDatabase db, InstanceRegistry.ConnectionSource connections)
      throws SQLException {
    return TableRuleSource.open(FleetTables.RULES, db.toString(), db.engine().dialect(), connections,
        new TableRuleSource.Settings(Duration.ZERO, Duration.ofMinutes(5), "test"));
  }

  /** A fresh database with the fleet tables and the application's tables. */
  static TestDatabase fleet(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    try (Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
    }
    db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "CREATE TABLE audit (id INT PRIMARY KEY, note VARCHAR(100))");
    return db;
  }

  static String fast(TestDatabase db) {
    return db.tandemUrl("tandem.rules", "table:tandem_rules", "tandem.reloadIntervalMs", "100",
        "tandem.appVersion", "v-test");
  }

  static void publish(TestDatabase db, String document) throws Exception {
    try (Connection c = db.openRaw()) {
      new DatabaseRuleStore(c, db.engine().dialect()).publish(document, "test");
    }
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Both columns of customer {@code id} as stored, {@code email|email_address}. */
  static String columns(TestDatabase db, int id) throws SQLException {
    try (Connection c = db.openRaw();
        PreparedStatement ps = c.prepareStatement("SELECT email, email_address FROM customer WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) + "|" + rs.getString(2) : null;
      }
    }
  }

  /** The revision the one registered instance applies, or {@code null}. */
  static String registered(TestDatabase db) throws SQLException {
    try (Connection c = db.openRaw()) {
      var instances = new FleetView(c, db.engine().dialect()).instances();
      return instances.size() == 1 ? instances.get(0).revision() : null;
    }
  }

  static long count(TestDatabase db, String table) throws SQLException {
    try (Connection c = db.openRaw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
