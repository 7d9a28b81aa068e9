package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TandemDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The starter in a Boot application that configures nothing but {@code tandem.rules}: its pool is
 * wrapped without a URL change, writes through JdbcTemplate fill both columns, meters land in the
 * application's registry, and health and {@code /actuator/tandem} report the move over HTTP.
 */
@SpringBootTest(classes = StarterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1;INIT=CREATE TABLE IF NOT EXISTS customer"
            + "(id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "tandem.rules=classpath:tandem/rules.yaml",
        "management.endpoints.web.exposure.include=health,tandem",
        "management.endpoint.health.show-details=always",
        "spring.flyway.enabled=false",
        // so that a meter can only reach the application's registry through the starter's binding
        "management.metrics.use-global-registry=false"})
class StarterTest {
  @Autowired
  DataSource dataSource;

  @Autowired
  MeterRegistry meters;

  @Autowired
  Environment environment;

  @Test
  void dataSourceBean_isTheApplicationsPoolWrapped() throws Exception {
    assertThat(dataSource).isInstanceOf(TandemDataSource.class);
    assertThat(((TandemDataSource) dataSource).getDelegate().getClass().getName())
        .isEqualTo("com.zaxxer.hikari.HikariDataSource");
  }

  @Test
  void writeThroughJdbcTemplate_fillsBothColumns_andCountsInTheApplicationsRegistry() throws Exception {
    new JdbcTemplate(dataSource).update("INSERT INTO customer (id, email) VALUES (?, ?)", 1, "ann@example.com");

    DataSource raw = ((TandemDataSource) dataSource).getDelegate();
    try (Connection c = raw.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ann@example.com");
      assertThat(rs.getString(2)).isEqualTo("ann@example.com");
    }
    Counter rewritten = meters.find("tandem.statements").tag("outcome", "rewritten").tag("kind", "insert").counter();
    assertThat(rewritten).isNotNull();
    assertThat(rewritten.count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void health_isUpWithTheMoveAndItsPhase() throws Exception {
    Http health = Http.get(environment, "/actuator/health/tandem");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"customer-email\":\"expand\"")
        .contains("\"degraded\":false");
  }

  @Test
  void tandemEndpoint_listsRulesMovesRevisionAndPlanCache() throws Exception {
    Http tandem = Http.get(environment, "/actuator/tandem");
    assertThat(tandem.status()).isEqualTo(200);
    assertThat(tandem.body()).contains("\"dataSource\"").contains("\"rules\":\"classpath:tandem/rules.yaml\"")
        .contains("\"name\":\"customer-email\"").contains("\"phase\":\"expand\"").contains("\"to\":\"email_address\"")
        .contains("\"planCache\"").containsPattern("\"revision\":[1-9]");
  }
}
