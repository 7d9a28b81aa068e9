package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.jdbc.TandemSetting;
import dev.tandem.fleet.FleetTables;
import dev.tandem.fleet.FleetView;
import dev.tandem.testing.Await;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link TandemDataSource} over a pool joins a fleet ({@code tandem.rules=table:tandem_rules}) through the
 * unpooled data source it is given for its own connections: one instance for the data source's life however
 * often the pool lends connections, its status shows the fleet, it follows a new revision, and it leaves the
 * registry when closed. Without its own connections it refuses, saying how to give them.
 */
class TandemDataSourceFleetTest {
  private static final String RULES = "version: 1\nmoves:\n  - name: email\n    table: customer\n"
      + "    from: email\n    to: email_address\n    phase: %s\n";

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aPooledDataSource_joinsTheFleetOnceThroughItsOwnConnections(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      try (Connection raw = db.openRaw()) {
        FleetTables.create(raw, engine.dialect());
        new DatabaseRuleStore(raw, engine.dialect()).publish(RULES.formatted("expand"), "test");
      }
      try (HikariDataSource pool = pool(db)) {
        TandemDataSource tandem = TandemDataSource.wrap(pool).rules("table:tandem_rules")
            .set(TandemSetting.APP_VERSION, "v7").set(TandemSetting.RELOAD_INTERVAL, "50")
            .ownConnections(unpooled(db));
        for (int i = 1; i <= 5; i++) {
          try (Connection c = tandem.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO customer (id, email) VALUES (" + i + ", 'u" + i + "@x')");
          }
        }
        assertThat(columns(db)).startsWith("1:u1@x|u1@x");
        assertThat(registered(db, engine)).as("one instance however many borrows").isEqualTo(1);

        TandemStatus status = tandem.status();
        assertThat(status.loaded()).isTrue();
        assertThat(status.moves()).extracting(TandemStatus.Move::phase).containsExactly("expand");
        assertThat(status.fleet()).isNotNull();
        assertThat(status.fleet().appVersion()).isEqualTo("v7");
        assertThat(status.fleet().leaseLive()).isTrue();
        assertThat(status.fleet().appliedRevision()).isEqualTo("1");
        assertThat(status.healthy()).isTrue();

        // A new revision is followed with no connection borrowed: the data source holds the source.
        try (Connection raw = db.openRaw()) {
          new DatabaseRuleStore(raw, engine.dialect()).publish(RULES.formatted("contract"), "test");
        }
        // The revision is applied first, then served once the fleet has been read: wait for both.
        Await.until("the data source applies and serves revision 2", Duration.ofSeconds(10),
            () -> "2".equals(tandem.status().fleet().appliedRevision())
                && tandem.status().moves().get(0).phase().equals("contract"));
        TandemStatus later = tandem.status();
        assertThat(later.moves()).extracting(TandemStatus.Move::phase).containsExactly("contract");
        assertThat(later.fleet().instances()).extracting(TandemStatus.Instance::instanceId)
            .contains(later.fleet().instanceId());
        try (Connection c = tandem.getConnection(); Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE customer SET email = 'new@x' WHERE id = 1");
        }
        assertThat(columns(db)).startsWith("1:u1@x|new@x");
        assertThat(registered(db, engine)).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void withoutItsOwnConnections_tableRulesAreRefusedSayingHowToGiveThem(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      try (Connection raw = db.openRaw()) {
        FleetTables.create(raw, engine.dialect());
        new DatabaseRuleStore(raw, engine.dialect()).publish("version: 1\nmoves: []\n", "test");
      }
      try (HikariDataSource pool = pool(db)) {
        TandemDataSource tandem = TandemDataSource.wrap(pool).rules("table:tandem_rules");
        assertThatThrownBy(tandem::getConnection).isInstanceOf(SQLException.class)
            .hasMessageContaining("ownConnections");
        assertThat(tandem.status().loaded()).isFalse();
        assertThat(tandem.status().healthy()).isFalse();
      }
    }
  }

  private static HikariDataSource pool(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.vendorUrl());
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  /** The vendor's own unpooled data source, as an application would give it. */
  private static DataSource unpooled(TestDatabase db) throws SQLException {
    switch (db.engine()) {
      case H2 -> {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(db.vendorUrl());
        return h2;
      }
      case POSTGRESQL -> {
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(db.vendorUrl());
        return pg;
      }
      default -> {
        return new org.mariadb.jdbc.MariaDbDataSource(db.vendorUrl());
      }
    }
  }

  private static long registered(TestDatabase db, Engine engine) throws SQLException {
    try (Connection raw = db.openRaw()) {
      return new FleetView(raw, engine.dialect()).instances().stream().filter(i -> i.live()).count();
    }
  }

  private static String columns(TestDatabase db) throws SQLException {
    return db.rows("SELECT id, email, email_address FROM customer ORDER BY id");
  }

}
