package dev.tandem.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TandemDriver;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves that Flyway runs its migrations through the same {@code jdbc:tandem:} pool the application
 * uses (given as a DataSource; see {@link #flyway}): the create, expand and contract migrations of the scenario run as Flyway SQL files (with
 * Flyway's own history table beside them), each at its step of the migration while an old and a new
 * application version keep writing; and DDL, even DDL naming a moved table while its move is live,
 * reaches the database byte for byte.
 */
class FlywayTest {

  /**
   * Flyway over the application's pool. Not over the URL ({@code dataSource(url, user, password)}):
   * Flyway picks its database plugin by the URL's prefix and has none for {@code jdbc:tandem:};
   * given a DataSource, it asks the connection's metadata, which answer as the vendor's.
   */
  private static Flyway flyway(DataSource dataSource, Engine engine, String target) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(SchemaMigration.locations(engine).stream()
            .map(location -> "classpath:" + location).toArray(String[]::new))
        .target(target)
        .load();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migration_flywayThroughTandem_runsEachMigrationAtItsStep(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine)) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(scenario.tandemUrl());
      config.setDriverClassName(TandemDriver.class.getName());
      config.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        scenario.run(new JdbcTemplateVersion(jdbc, Version.OLD), new JdbcTemplateVersion(jdbc, Version.NEW),
            migration -> {
              MigrateResult result = flyway(pool, engine, migration.flywayVersion()).migrate();
              assertThat(result.success).isTrue();
              assertThat(result.migrationsExecuted).isEqualTo(1);
            });
        assertThat(flyway(pool, engine, "latest").info().all())
            .extracting(info -> info.getVersion().getVersion(), MigrationInfo::getState)
            .containsExactly(tuple("1", MigrationState.SUCCESS), tuple("2", MigrationState.SUCCESS),
                tuple("3", MigrationState.SUCCESS));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void ddl_namingMovedTables_passesThroughByteForByte(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine)) {
      for (Phase phase : Phase.values()) {
        if (phase == Phase.EXPAND) {
          scenario.expandTo(phase);
        } else {
          scenario.enter(phase);
        }
        try (Connection c = DriverManager.getConnection(scenario.tandemUrl())) {
          TandemConnection tandem = c.unwrap(TandemConnection.class);
          for (SchemaMigration migration : SchemaMigration.values()) {
            for (String ddl : migration.statements(engine)) {
              assertThat(tandem.plan(ddl).sql()).as("%s under %s", ddl, phase).isSameAs(ddl);
            }
          }
        }
      }
    }
  }

  /**
   * Without {@code tandem-flyway} (which this module leaves out on purpose), Flyway configured by URL
   * (as the Flyway CLI, Maven and Gradle plugins are) finds no database plugin for
   * {@code jdbc:tandem:}: the error a user sees who forgot the plugin. The plugin's own tests
   * ({@code flyway-plugin/}) migrate by URL.
   */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "H2")
  void flywayByUrl_findsNoDatabasePluginForTandemUrls(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine)) {
      assertThatThrownBy(() -> Flyway.configure().dataSource(scenario.tandemUrl(), null, null).load().migrate())
          .isInstanceOf(FlywayException.class)
          .hasMessageContaining("No Flyway database plugin found to handle jdbc:tandem:");
    }
  }
}
