package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed scenario of SPEC §3: a multi-tenant application rolls a move out tenant by tenant, one
 * schema (a database on MariaDB) per tenant, both tenants' moves in one rule file: tenant A's
 * {@code customer.email -> email_address} in expand, tenant B's in contract. An unqualified
 * {@code customer} is the current tenant's table, followed through {@code setSchema}/{@code setCatalog},
 * {@code SET search_path}/{@code USE}/{@code SET SCHEMA}, rollbacks and a pool's schema reset; every
 * test checks both columns of both tenants' tables on a raw connection.
 *
 * <p>Each tenant's table starts with row 1 as {@code ('old', NULL)} in A (expand: not backfilled yet)
 * and {@code ('stale', 'fresh')} in B (contract: the new column is the truth). The namespace of the
 * test itself also has a {@code customer} table, which no move names.
 */
class TenantSchemasEndToEndTest {
  @TempDir
  Path dir;

  private TestDatabase db;
  private String tenantA;
  private String tenantB;

  @AfterEach
  void dropTenants() throws SQLException {
    TenantNamespaces.dropAndClose(db, tenantA, tenantB);
  }

  /** Creates both tenants and the rule file; returns the Tandem URL (current schema: the test's namespace). */
  private String tenants(Engine engine) throws Exception {
    db = TestDatabases.fresh(engine);
    tenantA = db.namespace() + "_a";
    tenantB = db.namespace() + "_b";
    String kind = engine == Engine.MARIADB ? "DATABASE" : "SCHEMA";
    db.execute("CREATE " + kind + " " + tenantA, "CREATE " + kind + " " + tenantB,
        "CREATE TABLE " + tenantA + ".customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        // B's columns in another order, plus one: a column list read from A's table would not fit it.
        "CREATE TABLE " + tenantB + ".customer (id INT PRIMARY KEY, email_address VARCHAR(100), note VARCHAR(20), "
            + "email VARCHAR(100))",
        "INSERT INTO " + tenantA + ".customer (id, email, email_address) VALUES (1, 'old', NULL)",
        "INSERT INTO " + tenantB + ".customer (id, email, email_address, note) VALUES (1, 'stale', 'fresh', 'n')",
        "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "INSERT INTO customer VALUES (1, 'base', NULL)");
    Path rules = dir.resolve("tenants.yaml");
    Files.writeString(rules, String.join("\n",
        "version: 1",
        "moves:",
        "  - name: a_email",
        "    table: " + tenantA + ".customer",
        "    from: email",
        "    to: email_address",
        "    phase: expand",
        "  - name: b_email",
        "    table: " + tenantB + ".customer",
        "    from: email",
        "    to: email_address",
        "    phase: contract",
        ""));
    return db.tandemUrl("tandem.rules", rules.toString());
  }

  /** Switches {@code c} to {@code tenant} the JDBC way: setCatalog on MariaDB (a database), setSchema elsewhere. */
  private void switchTo(Connection c, String tenant) throws SQLException {
    if (db.engine() == Engine.MARIADB) {
      c.setCatalog(tenant);
    } else {
      c.setSchema(schemaName(tenant));
    }
  }

  /** The statement that switches to {@code tenant} on this engine. */
  private String switchStatement(String tenant) {
    return switch (db.engine()) {
      case POSTGRESQL -> "SET search_path TO " + tenant;
      case MARIADB -> "USE " + tenant;
      case H2 -> "SET SCHEMA " + tenant;
    };
  }

  /** {@code tenant} as the database stores an unquoted name (H2 folds to upper case). */
  private String schemaName(String tenant) {
    return db.engine() == Engine.H2 ? tenant.toUpperCase(Locale.ROOT) : tenant;
  }

  /** Row {@code id} of {@code tenant}'s customer table as {@code email/email_address}, read raw. */
  private String raw(String tenant, int id) throws SQLException {
    String table = tenant == null ? "customer" : tenant + ".customer";
    try (Connection c = db.openRaw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM " + table + " WHERE id = " + id)) {
      return rs.next() ? rs.getString(1) + "/" + rs.getString(2) : "(none)";
    }
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private static void update(Connection c, String email) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET email = ? WHERE id = 1")) {
      ps.setString(1, email);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void setSchemaOrCatalog_eachTenantIsWrittenAndReadByItsOwnPhase(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine))) {
      switchTo(c, tenantA);
      assertThat(one(c, "SELECT email_address FROM customer WHERE id = 1")).isEqualTo("old"); // expand: coalesced
      update(c, "a@x");
      switchTo(c, tenantB);
      assertThat(one(c, "SELECT email FROM customer WHERE id = 1")).isEqualTo("fresh"); // contract: the new column
      update(c, "b@x");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)")) {
        ps.setInt(1, 2);
        ps.setString(2, "b2@x");
        ps.executeUpdate();
      }
    }
    assertThat(raw(tenantA, 1)).isEqualTo("a@x/a@x"); // expand writes both
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x"); // contract writes the new column only
    assertThat(raw(tenantB, 2)).isEqualTo("null/b2@x");
    assertThat(raw(tenantA, 2)).isEqualTo("(none)");
    assertThat(raw(null, 1)).isEqualTo("base/null");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void switchingByStatement_isFollowed(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine)); Statement s = c.createStatement()) {
      s.execute(switchStatement(tenantB));
      s.executeUpdate("UPDATE customer SET email = 'b@x' WHERE id = 1");
      s.execute(switchStatement(tenantA));
      s.executeUpdate("UPDATE customer SET email = 'a@x' WHERE id = 1");
      s.execute(switchStatement(db.engine() == Engine.H2 ? "PUBLIC" : db.namespace())); // the test's own namespace
      s.executeUpdate("UPDATE customer SET email = 'base@x' WHERE id = 1");
    }
    assertThat(raw(tenantA, 1)).isEqualTo("a@x/a@x");
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");
    assertThat(raw(null, 1)).isEqualTo("base@x/null");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void preparedStatement_executedAfterASwitch_isPlannedForTheNewSchema(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine))) {
      switchTo(c, tenantA);
      try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET email = ? WHERE id = 1");
          PreparedStatement read = c.prepareStatement("SELECT email FROM customer WHERE id = 1")) {
        ps.setString(1, "a@x");
        ps.executeUpdate();
        switchTo(c, tenantB);
        ps.setString(1, "b@x");
        ps.executeUpdate();
        try (ResultSet rs = read.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("b@x"); // tenant B's contract reads email_address
        }
      }
    }
    assertThat(raw(tenantA, 1)).isEqualTo("a@x/a@x");
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void selectStar_afterASwitch_isExpandedFromTheNewSchemasTable(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine))) {
      switchTo(c, tenantA);
      assertThat(labels(c, "SELECT * FROM customer")).containsExactly("id", "email", "email_address");
      switchTo(c, tenantB);
      assertThat(labels(c, "SELECT * FROM customer")).containsExactly("id", "email_address", "note", "email");
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM customer WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("email")).isEqualTo("fresh");
      }
    }
  }

  private static List<String> labels(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        labels.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      return labels;
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void rollback_undoesSetSearchPath_andTheStatementsAfterFollowIt(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine)); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + tenantA);
      c.setAutoCommit(false);
      s.execute("SET search_path TO " + tenantB);
      s.executeUpdate("UPDATE customer SET email = 'b@x' WHERE id = 1");
      c.rollback(); // undoes the update and the SET: back in tenant A
      s.executeUpdate("UPDATE customer SET email = 'a@x' WHERE id = 1");
      c.commit();
      assertThat(raw(tenantA, 1)).isEqualTo("a@x/a@x");
      assertThat(raw(tenantB, 1)).isEqualTo("stale/fresh");

      s.execute("SET LOCAL search_path TO " + tenantB); // ends at commit
      s.executeUpdate("UPDATE customer SET email = 'b@x' WHERE id = 1");
      c.commit();
      s.executeUpdate("UPDATE customer SET email = 'a2@x' WHERE id = 1");
      c.commit();
      assertThat(raw(tenantA, 1)).isEqualTo("a2@x/a2@x");
      assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");

      s.execute("SAVEPOINT before_b");
      s.execute("SELECT set_config('search_path', '" + tenantB + "', true)");
      s.executeUpdate("UPDATE customer SET email = 'b2@x' WHERE id = 1");
      s.execute("ROLLBACK TO SAVEPOINT before_b");
      s.executeUpdate("UPDATE customer SET email = 'a3@x' WHERE id = 1");
      c.commit();
    }
    assertThat(raw(tenantA, 1)).isEqualTo("a3@x/a3@x");
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void aTextThatSwitchesAndThenWrites_isRefused(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine)); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + tenantA);
      assertThatThrownBy(() -> s.execute("SET search_path TO " + tenantB + "; UPDATE customer SET email = 'x' WHERE id = 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("a_email");
      assertThatThrownBy(() -> s.addBatch("SET search_path TO " + tenantB))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
      s.executeUpdate("UPDATE customer SET email = 'a@x' WHERE id = 1"); // still tenant A
    }
    assertThat(raw(tenantA, 1)).isEqualTo("a@x/a@x");
    assertThat(raw(tenantB, 1)).isEqualTo("stale/fresh");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void plainBatch_plannedInOneSchema_isRefusedAfterASwitch(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine)); Statement s = c.createStatement()) {
      switchTo(c, tenantA);
      s.addBatch("UPDATE customer SET email = 'a@x' WHERE id = 1");
      switchTo(c, tenantB);
      assertThatThrownBy(s::executeBatch)
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("while a batch was pending");
      s.addBatch("UPDATE customer SET email = 'b@x' WHERE id = 1"); // the refused batch was dropped
      assertThat(s.executeBatch()).containsExactly(1);
    }
    assertThat(raw(tenantA, 1)).isEqualTo("old/null");
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void searchPathOfSeveralSchemas_theFirstThatHasTheTableWins(Engine engine) throws Exception {
    try (Connection c = DriverManager.getConnection(tenants(engine)); Statement s = c.createStatement()) {
      s.execute("SET search_path TO no_such_schema, " + tenantB + ", " + tenantA);
      s.executeUpdate("UPDATE customer SET email = 'b@x' WHERE id = 1");
    }
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");
    assertThat(raw(tenantA, 1)).isEqualTo("old/null");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void pool_thatResetsTheSchema_returnsConnectionsInTheConfiguredTenant(Engine engine) throws Exception {
    String url = tenants(engine);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    if (engine == Engine.MARIADB) {
      config.setCatalog(tenantA);
    } else {
      config.setSchema(schemaName(tenantA));
    }
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection()) {
        switchTo(c, tenantB);
        update(c, "b@x");
      } // the pool sets the schema back
      try (Connection c = pool.getConnection()) {
        update(c, "a@x");
      }
    }
    assertThat(raw(tenantA, 1)).isEqualTo("a@x/a@x");
    assertThat(raw(tenantB, 1)).isEqualTo("stale/b@x");
  }
}
