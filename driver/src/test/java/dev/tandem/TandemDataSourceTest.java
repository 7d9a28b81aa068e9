package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.jdbc.TandemConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class TandemDataSourceTest {

  private static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:datasource;DB_CLOSE_DELAY=-1");
    return h2;
  }

  @Test
  void getConnection_wrapsTheDelegatesConnection() throws Exception {
    TandemDataSource ds = TandemDataSource.wrap(h2());
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
      assertThat(c).isInstanceOf(TandemConnection.class);
      assertThat(((TandemConnection) c).dialect()).isEqualTo(Dialect.H2);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    assertThat(ds.unwrap(JdbcDataSource.class)).isSameAs(ds.getDelegate());
    assertThat(ds.isWrapperFor(TandemDataSource.class)).isTrue();
  }

  @Test
  void invalidSetting_failsGetConnectionWithTheSettingNamed() {
    TandemDataSource ds = TandemDataSource.wrap(h2()).onUnparseable("ignore");
    assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
        .hasMessageContaining("tandem.onUnparseable=ignore is not valid");
  }

  @Test
  void ruleFileBrokenBetweenBorrows_lastGoodRulesStayInForce_andTheRevisionIsKept(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path rules = dir.resolve("rules.yaml");
    java.nio.file.Files.writeString(rules, """
        version: 1
        moves:
          - name: customer-email
            table: customer
            from: email
            to: email_address
            phase: expand
        """);
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:datasource-held;DB_CLOSE_DELAY=-1");
    try (Connection raw = h2.getConnection(); Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
    }
    TandemDataSource ds = TandemDataSource.wrap(h2).rules(rules.toString());
    long revision;
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO customer (id, email) VALUES (1, 'a@example.com')");
      revision = ds.status().revision();
    }
    // No connection is borrowed now; a pool would be idle like this between requests.
    java.nio.file.Files.writeString(rules, "version: 1\nmoves: [broken\n");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO customer (id, email) VALUES (2, 'b@example.com')");
      assertThat(ds.status().revision()).isEqualTo(revision);
    }
    try (Connection raw = h2.getConnection(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email_address FROM customer WHERE id = 2")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("b@example.com");
    }
  }
}
