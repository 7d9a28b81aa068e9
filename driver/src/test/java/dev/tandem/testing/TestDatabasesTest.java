package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestDatabasesTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void fresh_givesAnIsolatedNamespaceThatHoldsTables(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE probe (id INT PRIMARY KEY)", "INSERT INTO probe VALUES (7)");
      try (Connection c = db.openRaw(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM probe")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void withDatabase_replacesOnlyTheDatabase() {
    assertThat(TestDatabases.withDatabase("jdbc:mariadb://127.0.0.1:3306/test?user=root", "x1"))
        .isEqualTo("jdbc:mariadb://127.0.0.1:3306/x1?user=root");
    assertThat(TestDatabases.withDatabase("jdbc:mariadb://h:1", "x1")).isEqualTo("jdbc:mariadb://h:1/x1");
  }
}
