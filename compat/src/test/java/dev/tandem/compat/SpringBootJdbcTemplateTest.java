package dev.tandem.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TandemDriver;
import dev.tandem.testing.Engine;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Proves that a Spring Boot application on the JDBC starter runs behind Tandem by its properties
 * alone: {@code spring.datasource.url=jdbc:tandem:…} and
 * {@code spring.datasource.driver-class-name=dev.tandem.TandemDriver}, with the HikariCP pool Boot
 * builds from them. Through {@link JdbcTemplate} and {@code NamedParameterJdbcTemplate} (queries,
 * updates, batch updates), an old and a new application version keep both columns of the rename
 * and the type change consistent through the whole migration ({@link MigrationScenario}), and
 * Hikari's connections unwrap to Tandem and to the vendor. One Spring context per engine.
 */
class SpringBootJdbcTemplateTest {

  @Nested
  class OnH2 extends WithContext {
    OnH2() {
      super(Engine.H2);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
      register(registry, Engine.H2);
    }
  }

  @Nested
  @RequiresDatabase(Engine.POSTGRESQL)
  class OnPostgres extends WithContext {
    OnPostgres() {
      super(Engine.POSTGRESQL);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
      register(registry, Engine.POSTGRESQL);
    }
  }

  @Nested
  @RequiresDatabase(Engine.MARIADB)
  class OnMariaDb extends WithContext {
    OnMariaDb() {
      super(Engine.MARIADB);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
      register(registry, Engine.MARIADB);
    }
  }

  /** The tests, run once per engine against that engine's Spring context. */
  @SpringBootTest(classes = CompatApplication.class)
  @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class WithContext {
    private static final Map<Engine, MigrationScenario> SCENARIOS = new ConcurrentHashMap<>();
    private final Engine engine;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    /** The only configuration the application gets: Spring Boot's standard properties. */
    static void register(DynamicPropertyRegistry registry, Engine engine) throws Exception {
      MigrationScenario scenario = MigrationScenario.create(engine);
      SCENARIOS.put(engine, scenario);
      String url = scenario.tandemUrl();
      registry.add("spring.datasource.url", () -> url);
      registry.add("spring.datasource.driver-class-name", TandemDriver.class::getName);
      registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
      registry.add("spring.flyway.enabled", () -> "false");
    }

    WithContext(Engine engine) {
      this.engine = engine;
    }

    /** The scenario whose database this class's context runs on (created with the context). */
    private MigrationScenario scenario() {
      return SCENARIOS.get(engine);
    }

    @AfterAll
    void dropNamespace() throws Exception {
      SCENARIOS.remove(engine).close();
    }

    @Test
    void migration_oldAndNewVersionThroughJdbcTemplate_keepBothColumnsConsistent() throws Exception {
      assertThat(dataSource).isInstanceOf(HikariDataSource.class);
      MigrationScenario scenario = scenario();
      scenario.run(new JdbcTemplateVersion(jdbc, Version.OLD), new JdbcTemplateVersion(jdbc, Version.NEW),
          scenario.rawMigrations());
    }

    @Test
    void hikariConnection_unwrapsToTandemAndToTheVendor() throws Exception {
      assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()).startsWith("jdbc:tandem:");
      try (Connection c = dataSource.getConnection()) {
        VendorConnections.assertUnwraps(c, engine);
      }
      Boolean unwrapped = jdbc.execute((ConnectionCallback<Boolean>) c -> {
        VendorConnections.assertUnwraps(c, engine);
        return true;
      });
      assertThat(unwrapped).isTrue();
    }
  }
}
