package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.fleet.InstanceRegistry.Identity;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fleet tables, rule revisions, the registry and its leases, on every engine. */
class FleetTest {
  private static final String RENAME = "version: 1\nmoves:\n  - table: customer\n    from: email\n"
      + "    to: email_address\n    phase: %s\n";

  @ParameterizedTest
  @EnumSource(Engine.class)
  void tables_canBeCreatedTwice(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
      FleetTables.create(c, engine.dialect());
      assertThat(count(c, FleetTables.RULES)).isZero();
      assertThat(count(c, FleetTables.INSTANCES)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void publish_storesWholeValidatedRevisionsInOrder(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
      DatabaseRuleStore store = new DatabaseRuleStore(c, engine.dialect());
      assertThat(store.latest()).isNull();

      RuleRevision first = store.publish(RENAME.formatted("expand"), "ops");
      RuleRevision second = store.publish(RENAME.formatted("migrated"), "ops");

      assertThat(first.revision()).isEqualTo(1);
      assertThat(second.revision()).isEqualTo(2);
      assertThat(second.createdBy()).isEqualTo("ops");
      assertThat(second.createdAt()).isNotNull();
      assertThat(store.latest().document()).isEqualTo(RENAME.formatted("migrated"));
      assertThat(store.history(5)).extracting(RuleRevision::revision).containsExactly(2L, 1L);
      RuleSet rules = DatabaseRuleStore.load(store.latest());
      assertThat(rules.moves()).singleElement().satisfies(m -> assertThat(m.phase().yamlName()).isEqualTo("migrated"));
      assertThat(rules.source()).isEqualTo("tandem_rules revision 2");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void publish_refusesAnInvalidDocumentAndStoresNothing(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
      DatabaseRuleStore store = new DatabaseRuleStore(c, engine.dialect());
      store.publish(RENAME.formatted("expand"), "ops");

      assertThatThrownBy(() -> store.publish(RENAME.formatted("contracted"), "ops"))
          .isInstanceOf(RuleFileException.class).hasMessageContaining("contracted");
      assertThat(count(c, FleetTables.RULES)).isEqualTo(1);
      assertThat(store.latest().revision()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void convergence_waitsForEveryLiveInstanceAndStopsWaitingForOneThatLeft(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
      FleetView view = new FleetView(c, engine.dialect());
      InstanceRegistry a = registry(db, engine, "v1", Duration.ofMinutes(5));
      InstanceRegistry b = registry(db, engine, "v2", Duration.ofMinutes(5));
      a.renew("1");
      b.renew("1");
      assertThat(view.convergence("table:tandem_rules", "1").converged()).isTrue();
      assertThat(view.convergence("table:tandem_rules", "1").live()).isEqualTo(2);

      a.renew("2");
      FleetView.Convergence waiting = view.convergence("table:tandem_rules", "2");
      assertThat(waiting.converged()).isFalse();
      assertThat(waiting.lagging()).singleElement().satisfies(i -> {
        assertThat(i.instanceId()).isEqualTo(b.identity().instanceId());
        assertThat(i.appVersion()).isEqualTo("v2");
        assertThat(i.revision()).isEqualTo("1");
        assertThat(i.pid()).isEqualTo(ProcessHandle.current().pid());
      });
      assertThat(view.convergence("other-source", "2").live()).isZero();

      b.close();
      assertThat(view.convergence("table:tandem_rules", "2").converged()).isTrue();
      assertThat(view.convergence("table:tandem_rules", "2").live()).isEqualTo(1);
      assertThat(view.instances()).extracting(InstanceRecord::instanceId).containsExactly(a.identity().instanceId());
      a.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void lapsedLease_isNotCountedAndNotHeldByTheInstance(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
      FleetView view = new FleetView(c, engine.dialect());
      InstanceRegistry live = registry(db, engine, "v2", Duration.ofMinutes(5));
      InstanceRegistry stale = registry(db, engine, "v1", Duration.ofMillis(500));
      live.renew("2");
      stale.renew("1");

      Thread.sleep(1500);

      assertThat(stale.leaseLive()).isFalse();
      assertThat(live.leaseLive()).isTrue();
      assertThat(view.instances()).filteredOn(i -> i.instanceId().equals(stale.identity().instanceId()))
          .singleElement().satisfies(i -> assertThat(i.live()).isFalse());
      assertThat(view.convergence("table:tandem_rules", "2").converged()).isTrue();

      stale.renew("2"); // it comes back, and counts again
      assertThat(stale.leaseLive()).isTrue();
      assertThat(view.convergence("table:tandem_rules", "2").live()).isEqualTo(2);
      assertThat(view.prune(60_000)).isZero();
      live.close();
      stale.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void failedRenewal_leavesNoLeaseAndReconnectsNextTime(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine); Connection c = db.openRaw()) {
      FleetTables.create(c, engine.dialect());
      boolean[] down = {true};
      InstanceRegistry registry = new InstanceRegistry(() -> {
        if (down[0]) {
          throw new SQLException("database unreachable", "08001");
        }
        return db.openRaw();
      }, engine.dialect(), Identity.ofThisProcess("v1", "table:tandem_rules"), Duration.ofMinutes(5));

      assertThatThrownBy(() -> registry.renew("1")).isInstanceOf(SQLException.class).hasMessageContaining("unreachable");
      assertThat(registry.leaseLive()).isFalse();
      assertThat(count(c, FleetTables.INSTANCES)).isZero();

      down[0] = false;
      registry.renew("1");
      assertThat(registry.leaseLive()).isTrue();
      assertThat(count(c, FleetTables.INSTANCES)).isEqualTo(1);
      registry.close();
      assertThat(registry.leaseLive()).isFalse();
      assertThat(count(c, FleetTables.INSTANCES)).isZero();
      assertThatThrownBy(() -> registry.renew("1")).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }
  }

  private static InstanceRegistry registry(TestDatabase db, Engine engine, String version, Duration lease) {
    return new InstanceRegistry(db::openRaw, engine.dialect(), Identity.ofThisProcess(version, "table:tandem_rules"),
        lease);
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
