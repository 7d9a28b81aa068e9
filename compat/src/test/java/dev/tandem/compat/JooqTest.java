package dev.tandem.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TandemDriver;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves that jOOQ 3.19, over a HikariCP pool configured with the Tandem URL and
 * {@code DSL.using(dataSource, dialect)}, runs an old and a new application version through the whole
 * migration with both columns consistent: the SQL jOOQ renders (quoted names, multi-row inserts,
 * batches, upserts with {@code excluded(…)} or {@code ON DUPLICATE KEY UPDATE}) is rewritten
 * correctly; inserts return their generated keys (on H2 through {@code FINAL TABLE}); and {@code DSLContext.connection} hands out a
 * connection that unwraps to the vendor's.
 */
class JooqTest {

  private static HikariDataSource pool(MigrationScenario scenario) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(scenario.tandemUrl());
    config.setDriverClassName(TandemDriver.class.getName());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migration_oldAndNewVersionThroughJooq_keepBothColumnsConsistent(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine); HikariDataSource pool = pool(scenario)) {
      DSLContext dsl = JooqVersion.using(pool, engine);
      scenario.run(new JooqVersion(dsl, engine, Version.OLD), new JooqVersion(dsl, engine, Version.NEW),
          scenario.rawMigrations());
    }
  }

  /**
   * On H2, jOOQ fetches generated keys with {@code SELECT … FROM FINAL TABLE (INSERT …)}: Tandem
   * rewrites the insert and the query around it apart ({@code DeltaTables}).
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void insertReturning_bothVersions_getTheirGeneratedKeys(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine); HikariDataSource pool = pool(scenario)) {
      scenario.expandTo(Phase.EXPAND);
      DSLContext dsl = JooqVersion.using(pool, engine);
      Field<Object> cents = new JooqVersion(dsl, engine, Version.OLD).price();
      long fromOld = insertReturningId(dsl, cents, Version.OLD.price(250));
      long fromNew = insertReturningId(dsl, new JooqVersion(dsl, engine, Version.NEW).price(), Version.NEW.price(1999));

      assertThat(fromNew).isNotEqualTo(fromOld);
      assertThat(dsl.select(JooqVersion.PRODUCT_ID, cents).from(JooqVersion.PRODUCT).fetchMap(JooqVersion.PRODUCT_ID, cents))
          .containsOnlyKeys(fromOld, fromNew);
      scenario.assertEveryRowConsistent();
    }
  }

  private static long insertReturningId(DSLContext dsl, Field<Object> price, Object value) {
    return dsl.insertInto(JooqVersion.PRODUCT, JooqVersion.NAME, price).values("auto", value)
        .returningResult(JooqVersion.PRODUCT_ID).fetchOne().value1();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void dslConnection_unwrapsToTandemAndToTheVendor(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine); HikariDataSource pool = pool(scenario)) {
      JooqVersion.using(pool, engine).connection(c -> VendorConnections.assertUnwraps(c, engine));
    }
  }
}
