package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gates that judge SQL by its text (issue 13): the schema gate, generated-key names and the
 * updatable-result-set refusal resolve an unqualified table through the connection's current schema,
 * so a move on {@code tenant_a.customer} does not refuse or rewrite a connection whose
 * {@code customer} is {@code tenant_b}'s. Tenant A's move is in contract; on tenant A each gate still
 * refuses.
 */
class TenantGatesEndToEndTest {
  @TempDir
  Path dir;

  private TestDatabase db;
  private String tenantA;
  private String tenantB;

  @AfterEach
  void dropTenants() throws SQLException {
    TenantNamespaces.dropAndClose(db, tenantA, tenantB);
  }

  /** Both tenants' tables and a rule file with one move on tenant A's, to {@code to}; returns the Tandem URL. */
  private String tenants(Engine engine, String to) throws Exception {
    db = TestDatabases.fresh(engine);
    tenantA = db.namespace() + "_ga";
    tenantB = db.namespace() + "_gb";
    String kind = engine == Engine.MARIADB ? "DATABASE" : "SCHEMA";
    db.execute("CREATE " + kind + " " + tenantA, "CREATE " + kind + " " + tenantB);
    for (String tenant : new String[] {tenantA, tenantB}) {
      db.execute("CREATE TABLE " + tenant + ".customer (id INT PRIMARY KEY, email VARCHAR(100), "
          + "email_address VARCHAR(100))", "INSERT INTO " + tenant + ".customer VALUES (1, 'old', 'new')");
    }
    Path rules = dir.resolve("tenant-gates.yaml");
    Files.writeString(rules, String.join("\n", "version: 1", "moves:", "  - name: a_email",
        "    table: " + tenantA + ".customer", "    from: email", "    to: " + to, "    phase: contract", ""));
    return db.tandemUrl("tandem.rules", rules.toString());
  }

  private Connection on(String url, String tenant) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    if (db.engine() == Engine.MARIADB) {
      c.setCatalog(tenant);
    } else {
      c.setSchema(db.engine() == Engine.H2 ? tenant.toUpperCase(Locale.ROOT) : tenant);
    }
    return c;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void updatableResultSet_onAnotherTenant_writes(Engine engine) throws Exception {
    String url = tenants(engine, "email_address");
    try (Connection b = on(url, tenantB); Statement s = b.createStatement(ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_UPDATABLE); ResultSet rs = s.executeQuery("SELECT id, email FROM customer WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      rs.updateString("email", "b@x");
      rs.updateRow();
    }
    try (Connection a = on(url, tenantA); Statement s = a.createStatement(ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_UPDATABLE); ResultSet rs = s.executeQuery("SELECT id, email_address FROM customer")) {
      assertThat(rs.next()).isTrue();
      rs.updateString("email_address", "a@x");
      assertThatThrownBy(rs::updateRow).hasMessageContaining("move a_email");
    }
    assertThat(email(tenantB)).isEqualTo("b@x");
    assertThat(email(tenantA)).isEqualTo("old");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void generatedKeyNames_onAnotherTenant_areTheTablesOwn(Engine engine) throws Exception {
    String url = tenants(engine, "email_address");
    String insert = "INSERT INTO customer (id, email) VALUES (?, ?)";
    try (Connection b = on(url, tenantB); PreparedStatement ps = b.prepareStatement(insert, new String[] {"email"})) {
      ps.setInt(1, 2);
      ps.setString(2, "two@b");
      assertThat(ps.executeUpdate()).isEqualTo(1);
      if (engine != Engine.MARIADB) { // MariaDB's driver returns the AUTO_INCREMENT value only
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getString(1)).isEqualTo("two@b");
        }
      }
    }
    if (engine == Engine.H2) {
      // In contract H2's driver would read tenant A's stale email itself: refused there, and only there.
      try (Connection a = on(url, tenantA)) {
        assertThatThrownBy(() -> a.prepareStatement(insert, new String[] {"email"})).hasMessageContaining("a_email");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void schemaGate_blockedMoveOfAnotherTenant_doesNotRefuse(Engine engine) throws Exception {
    String url = tenants(engine, "no_such_column"); // tenant A lacks the move's new column: the move is blocked
    try (Connection b = on(url, tenantB); Statement s = b.createStatement()) {
      assertThat(s.executeUpdate("UPDATE customer SET email = 'b2' WHERE id = 1")).isEqualTo(1);
    }
    try (Connection a = on(url, tenantA); Statement s = a.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE customer SET email = 'a2' WHERE id = 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("schema fits the rules");
    }
    try (Connection b = on(url, tenantB); Statement s = b.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE " + tenantA + ".customer SET email = 'a3' WHERE id = 1"))
          .as("the other tenant's table, qualified").hasMessageContaining("schema fits the rules");
    }
    assertThat(email(tenantB)).isEqualTo("b2");
    assertThat(email(tenantA)).isEqualTo("old");
  }

  private String email(String tenant) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email FROM " + tenant + ".customer WHERE id = 1")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
