package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.jdbc.TandemDatabaseMetaData;
import dev.tandem.jdbc.TandemPreparedStatement;
import dev.tandem.jdbc.TandemStatement;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With no rules, Tandem is invisible: every JDBC feature an application uses behaves through
 * {@code jdbc:tandem:…} exactly as on the vendor driver, on each engine.
 */
class PassThroughTest {

  private static String ddl(Engine engine) {
    String id = engine == Engine.POSTGRESQL ? "id SERIAL PRIMARY KEY" : "id INT AUTO_INCREMENT PRIMARY KEY";
    return "CREATE TABLE item (" + id + ", name VARCHAR(50), qty INT)";
  }

  private static List<String> names(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM item ORDER BY id")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void connect_throughTandemUrl_runsDdlStatementsAndGeneratedKeys(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine);
        Connection c = DriverManager.getConnection(db.tandemUrl())) {
      assertThat(c).isInstanceOf(TandemConnection.class);
      try (Statement s = c.createStatement()) {
        s.execute(ddl(engine));
        assertThat(s.executeUpdate("INSERT INTO item (name, qty) VALUES ('a', 1)", Statement.RETURN_GENERATED_KEYS))
            .isEqualTo(1);
        try (ResultSet keys = s.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getLong(1)).isEqualTo(1L);
          assertThat(keys.getStatement()).isSameAs(s);
        }
        assertThat(s.executeLargeUpdate("UPDATE item SET qty = 2")).isEqualTo(1L);
        assertThat(s.getConnection()).isSameAs(c);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (name, qty) VALUES (?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        assertThat(ps).isInstanceOf(TandemPreparedStatement.class);
        ps.setString(1, "b");
        ps.setInt(2, 5);
        assertThat(ps.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getLong(1)).isEqualTo(2L);
        }
        ParameterMetaData pmd = ps.getParameterMetaData();
        assertThat(pmd.getParameterCount()).isEqualTo(2);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM item WHERE qty = ?")) {
        ps.setInt(1, 5);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("name")).isEqualTo("b");
          assertThat(rs.getStatement()).isSameAs(ps);
          assertThat(rs.getStatement().getConnection()).isSameAs(c);
        }
      }
      assertThat(names(c)).containsExactly("a", "b");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void batchesAndTransactions_behaveAsOnTheVendorDriver(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine);
        Connection c = DriverManager.getConnection(db.tandemUrl())) {
      try (Statement s = c.createStatement()) {
        s.execute(ddl(engine));
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (name, qty) VALUES (?, ?)")) {
        for (int i = 0; i < 3; i++) {
          ps.setString(1, "p" + i);
          ps.setInt(2, i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).hasSize(3);
      }
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO item (name, qty) VALUES ('s1', 10)");
        s.addBatch("INSERT INTO item (name, qty) VALUES ('s2', 11)");
        assertThat(s.executeBatch()).hasSize(2);
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO item (name, qty) VALUES ('rolled back', 0)");
      }
      c.rollback();
      c.setAutoCommit(true);
      assertThat(names(c)).containsExactly("p0", "p1", "p2", "s1", "s2");
      try (Connection raw = db.openRaw()) {
        assertThat(names(raw)).containsExactly("p0", "p1", "p2", "s1", "s2");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void metadataAndClosing_behaveAsOnTheVendorDriver(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(ddl(engine));
      Connection c = DriverManager.getConnection(db.tandemUrl());
      DatabaseMetaData meta = c.getMetaData();
      assertThat(meta).isInstanceOf(TandemDatabaseMetaData.class);
      assertThat(meta.getConnection()).isSameAs(c);
      try (ResultSet tables = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
        List<String> names = new ArrayList<>();
        while (tables.next()) {
          names.add(tables.getString("TABLE_NAME").toLowerCase());
        }
        assertThat(names).contains("item");
      }
      c.close();
      assertThat(c.isClosed()).isTrue();
      try (Connection raw = db.openRaw()) {
        assertThat(lifecycle(DriverManager.getConnection(db.tandemUrl()))).isEqualTo(lifecycle(raw));
      }
    }
  }

  /**
   * What closing does, as observed through {@code c}: vendors differ (H2 keeps a result set open
   * after getMoreResults, MariaDB lets a closed connection create statements), so Tandem's answer
   * is compared with the raw driver's rather than with a fixed expectation.
   */
  private static List<Object> lifecycle(Connection c) throws SQLException {
    List<Object> seen = new ArrayList<>();
    Statement s = c.createStatement();
    s.closeOnCompletion();
    seen.add(s.isCloseOnCompletion());
    ResultSet rs = s.executeQuery("SELECT 1");
    seen.add(s.getMoreResults());
    seen.add(rs.isClosed());
    seen.add(s.isClosed());
    seen.add(c.nativeSQL("SELECT 1"));
    Statement open = c.createStatement();
    c.close();
    seen.add(c.isClosed());
    seen.add(open.isClosed());
    try {
      c.createStatement();
      seen.add("createStatement after close: allowed");
    } catch (SQLException e) {
      seen.add("createStatement after close: " + e.getSQLState());
    }
    return seen;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void unwrap_reachesVendorTypes_butConnectionUnwrapsToTandem(Engine engine) throws Exception {
    Class<?> vendorType = switch (engine) {
      case H2 -> org.h2.jdbc.JdbcConnection.class;
      case POSTGRESQL -> org.postgresql.PGConnection.class;
      case MARIADB -> org.mariadb.jdbc.Connection.class;
    };
    try (TestDatabase db = TestDatabases.fresh(engine);
        Connection c = DriverManager.getConnection(db.tandemUrl())) {
      assertThat(c.isWrapperFor(vendorType)).isTrue();
      assertThat(c.unwrap(vendorType)).isInstanceOf(vendorType).isNotSameAs(c);
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(c.unwrap(TandemConnection.class)).isSameAs(c);
      try (Statement s = c.createStatement()) {
        assertThat(s.unwrap(Statement.class)).isSameAs(s);
        assertThat(s.unwrap(TandemStatement.class)).isSameAs(s);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void hikariPool_configuredWithTandemUrl_hands_outTandemConnections(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(ddl(engine), "INSERT INTO item (name, qty) VALUES ('pooled', 1)");
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.tandemUrl());
      config.setMaximumPoolSize(2);
      try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
        assertThat(c.isWrapperFor(TandemConnection.class)).isTrue();
        assertThat(names(c)).containsExactly("pooled");
      }
    }
  }
}
