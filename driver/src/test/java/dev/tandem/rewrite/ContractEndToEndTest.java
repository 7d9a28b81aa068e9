package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract phase through a real {@code jdbc:tandem:} connection on H2, PostgreSQL and MariaDB,
 * for the references that used to reach the stale old column: {@code SELECT *}, {@code INSERT}
 * without a column list, {@code RETURNING} and generated-key names. Rows are set up over a raw
 * connection with a stale {@code from} (what contract-phase writes leave behind); every check reads
 * what the application gets (value, Java type, label) and both columns over a raw connection.
 */
class ContractEndToEndTest {

  @TempDir
  Path dir;

  /** Rows whose old columns are stale: the contract phase has updated only the new ones. */
  private TestDatabase contracted(Engine engine, String... more) throws SQLException {
    TestDatabase db = EndToEndFixture.schema(engine,
        "INSERT INTO customer (id, email, email_address) VALUES (1, 'stale@x', 'new@x')",
        "INSERT INTO product (id, price_cents, price) VALUES (1, 100, 12.34)");
    db.execute(more);
    return db;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void selectStar_readsTheOldColumnFromTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = contracted(engine); Connection c = EndToEndFixture.connect(db, dir, "contract")) {
      Map<String, Object> customer = row(c, "SELECT * FROM customer WHERE id = 1");
      assertThat(customer).containsEntry("email", "new@x").containsEntry("email_address", "new@x");
      assertThat(customer.keySet()).containsExactly("id", "email", "email_address");
      Map<String, Object> product = row(c, "SELECT p.* FROM product p WHERE p.id = 1");
      assertThat(((Number) product.get("price_cents")).longValue()).isEqualTo(1234L);
      assertThat(product.keySet()).containsExactly("id", "price_cents", "price");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void selectStar_afterTheOldColumnIsDropped_stillHasItsLabel(Engine engine) throws Exception {
    try (TestDatabase db = contracted(engine, "ALTER TABLE customer DROP COLUMN email");
        Connection c = EndToEndFixture.connect(db, dir, "contract")) {
      Map<String, Object> customer = row(c, "SELECT * FROM customer WHERE id = 1");
      assertThat(customer.keySet()).containsExactly("id", "email_address", "email");
      assertThat(customer).containsEntry("email", "new@x");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void insertWithoutColumnList_writesTheNewColumnByPosition(Engine engine) throws Exception {
    try (TestDatabase db = contracted(engine); Connection c = EndToEndFixture.connect(db, dir, "contract")) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO product VALUES (?, ?)")) {
        ps.setInt(1, 2);
        ps.setInt(2, 999);
        ps.executeUpdate();
      }
      try (Connection raw = db.openRaw()) {
        Map<String, Object> stored = row(raw, "SELECT price_cents, price FROM product WHERE id = 2");
        assertThat(stored.get("price_cents")).isNull();
        assertThat((BigDecimal) stored.get("price")).isEqualByComparingTo("9.99");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void insertWithoutColumnList_afterTheOldColumnIsDropped_isRefused(Engine engine) throws Exception {
    try (TestDatabase db = contracted(engine, "ALTER TABLE product DROP COLUMN price_cents");
        Connection c = EndToEndFixture.connect(db, dir, "contract");
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO product VALUES (2, 999)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no longer has price_cents")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      try (Connection raw = db.openRaw()) {
        assertThat(row(raw, "SELECT count(*) AS n FROM product").get("n").toString()).isEqualTo("1");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void returning_readsTheOldColumnFromTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = contracted(engine); Connection c = EndToEndFixture.connect(db, dir, "contract")) {
      Map<String, Object> inserted = row(c, "INSERT INTO customer (id, email) VALUES (2, 'two@x') RETURNING *");
      assertThat(inserted).containsEntry("email", "two@x").containsEntry("email_address", "two@x");
      Map<String, Object> named = row(c, "INSERT INTO customer (id, email) VALUES (3, 'three@x') RETURNING id, email");
      assertThat(named).containsEntry("email", "three@x");
      try (Connection raw = db.openRaw()) {
        Map<String, Object> stored = row(raw, "SELECT email, email_address FROM customer WHERE id = 3");
        assertThat(stored.get("email")).isNull();
        assertThat(stored).containsEntry("email_address", "three@x");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void generatedKeyNames_namingTheOldColumn(Engine engine) throws Exception {
    try (TestDatabase db = contracted(engine); Connection c = EndToEndFixture.connect(db, dir, "contract")) {
      String insert = "INSERT INTO customer (id, email) VALUES (?, ?)";
      if (engine == Engine.H2) {
        // H2 reads the named columns from the table row itself, where email is stale: refused.
        assertThatThrownBy(() -> c.prepareStatement(insert, new String[] {"email"}))
            .isInstanceOf(SQLException.class).hasMessageContaining("generated-key column email")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
        return;
      }
      try (PreparedStatement ps = c.prepareStatement(insert, new String[] {"email"})) {
        ps.setInt(1, 4);
        ps.setString(2, "four@x");
        ps.executeUpdate();
        if (engine == Engine.POSTGRESQL) {
          try (ResultSet keys = ps.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getString("email")).isEqualTo("four@x");
          }
        }
      }
      try (Connection raw = db.openRaw()) {
        assertThat(row(raw, "SELECT email_address FROM customer WHERE id = 4")).containsEntry("email_address", "four@x");
      }
    }
  }

  /** The first row of {@code sql}, by lower-cased label, in column order. */
  static Map<String, Object> row(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean isQuery = s.execute(sql);
      try (ResultSet rs = isQuery ? s.getResultSet() : s.getGeneratedKeys()) {
        assertThat(rs.next()).as("a row from " + sql).isTrue();
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          out.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        return out;
      }
    }
  }
}
