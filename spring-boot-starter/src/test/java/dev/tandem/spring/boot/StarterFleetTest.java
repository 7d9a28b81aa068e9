package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.TandemDataSource;
import dev.tandem.TandemStatus;
import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.fleet.FleetTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application of a fleet: {@code tandem.rules=table:tandem_rules} and nothing else. The starter gives the
 * wrapped pool an unpooled data source of its own derived from the pool, so the application joins the
 * instance registry, writes follow the published revision, and {@code /actuator/tandem} and health show the
 * fleet over HTTP.
 */
@SpringBootTest(classes = StarterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=" + StarterFleetTest.URL,
        "tandem.rules=table:tandem_rules",
        "tandem.app-version=boot-v2",
        "management.endpoints.web.exposure.include=health,tandem",
        "management.endpoint.health.show-details=always",
        "spring.flyway.enabled=false"})
class StarterFleetTest {
  static final String URL = "jdbc:h2:mem:starter-fleet;DB_CLOSE_DELAY=-1";

  static {
    // The fleet's tables and first revision exist before the application starts, as `tandem fleet init` and
    // `publish` leave them.
    try (Connection raw = DriverManager.getConnection(URL, "sa", ""); Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      FleetTables.create(raw, Dialect.H2);
      new DatabaseRuleStore(raw, Dialect.H2).publish("version: 1\nmoves:\n  - name: customer-email\n"
          + "    table: customer\n    from: email\n    to: email_address\n    phase: expand\n", "test");
    } catch (SQLException | dev.tandem.rules.RuleFileException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Autowired
  DataSource dataSource;

  @Autowired
  Environment environment;

  @Test
  void theApplicationJoinsTheFleet_andItsEndpointsShowIt() throws Exception {
    new JdbcTemplate(dataSource).update("INSERT INTO customer (id, email) VALUES (?, ?)", 1, "ann@example.com");
    try (Connection raw = DriverManager.getConnection(URL, "sa", ""); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email_address FROM customer WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ann@example.com");
    }
    try (Connection raw = DriverManager.getConnection(URL, "sa", ""); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT app_version FROM tandem_instances")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("boot-v2");
      assertThat(rs.next()).as("one instance").isFalse();
    }
    TandemStatus status = ((TandemDataSource) dataSource).status();
    assertThat(status.fleet()).isNotNull();
    assertThat(status.fleet().leaseLive()).isTrue();

    Http tandem = Http.get(environment, "/actuator/tandem");
    assertThat(tandem.status()).isEqualTo(200);
    assertThat(tandem.body()).contains("\"rules\":\"table:tandem_rules\"").contains("\"fleet\"")
        .contains("\"appVersion\":\"boot-v2\"").contains("\"appliedRevision\":\"1\"").contains("\"leaseLive\":true")
        .contains("\"instanceId\":\"" + status.fleet().instanceId() + "\"");
    Http health = Http.get(environment, "/actuator/health/tandem");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"leaseLive\":true");
  }
}
