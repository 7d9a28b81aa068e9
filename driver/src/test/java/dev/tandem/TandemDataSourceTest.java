package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
