package dev.tandem.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.compat.HibernateMappings.ProductV1;
import dev.tandem.compat.HibernateMappings.ProductV2;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.hibernate.Session;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves that Hibernate ORM (JPA), configured with the Tandem URL in its JPA properties, runs two
 * application versions side by side on one database: two EntityManagerFactories map the same tables,
 * the old one the old columns, the new one the new columns. Used concurrently through the whole
 * migration (batched persists, merges, dirty checking, JPQL and criteria queries), they keep both
 * columns consistent; optimistic locking with {@code @Version} works across the versions, because
 * Tandem reports the update counts of rewritten (and batched) statements as the database gives them;
 * and {@code Session.doWork} hands out a connection that unwraps to the vendor's.
 */
class HibernateTwoVersionsTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migration_oldAndNewMappingsConcurrently_keepBothColumnsConsistent(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine);
        HibernateVersion oldVersion = HibernateVersion.open(Version.OLD, scenario.tandemUrl());
        HibernateVersion newVersion = HibernateVersion.open(Version.NEW, scenario.tandemUrl())) {
      scenario.run(oldVersion, newVersion, scenario.rawMigrations());
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void optimisticLock_newVersionWritingAStaleRow_isRejectedAfterTheOldVersionWrote(Engine engine)
      throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine);
        HibernateVersion oldVersion = HibernateVersion.open(Version.OLD, scenario.tandemUrl());
        HibernateVersion newVersion = HibernateVersion.open(Version.NEW, scenario.tandemUrl())) {
      scenario.expandTo(Phase.EXPAND);
      oldVersion.insertProducts(java.util.Map.of(1L, 1000L));
      EntityManager stale = newVersion.entityManagerFactory().createEntityManager();
      try {
        stale.getTransaction().begin();
        ProductV2 seenByNew = stale.find(ProductV2.class, 1L);
        assertThat(seenByNew.price).isEqualByComparingTo("10.00");

        oldVersion.inTransactionDo(em -> em.find(ProductV1.class, 1L).priceCents = 1100);

        seenByNew.price = new BigDecimal("12.00");
        assertThatThrownBy(stale::flush).isInstanceOf(OptimisticLockException.class);
      } finally {
        stale.getTransaction().rollback();
        stale.close();
      }
      try (Connection raw = scenario.database().openRaw(); Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT price_cents, price, version FROM product WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1100);
        assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("11.00");
        assertThat(rs.getInt(3)).isEqualTo(1);
      }
      scenario.assertEveryRowConsistent();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sessionDoWork_connectionUnwrapsToTandemAndToTheVendor(Engine engine) throws Exception {
    try (MigrationScenario scenario = MigrationScenario.create(engine);
        HibernateVersion version = HibernateVersion.open(Version.OLD, scenario.tandemUrl())) {
      version.inTransactionDo(em -> em.unwrap(Session.class)
          .doWork(c -> VendorConnections.assertUnwraps(c, engine)));
    }
  }
}
