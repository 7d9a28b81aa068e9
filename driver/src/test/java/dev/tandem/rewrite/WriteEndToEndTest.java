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
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every write form through a real {@code jdbc:tandem:} connection on H2, PostgreSQL and MariaDB,
 * checked on a raw connection: after each statement, every row has {@code to = forward(from)} for
 * a rename ({@code customer.email -> email_address}), a type change
 * ({@code product.price_cents -> price}) and a one-way lookup
 * ({@code conversation.last_message_id -> last_message_at}).
 */
class WriteEndToEndTest {

  @TempDir
  Path dir;

  private TestDatabase schema(Engine engine) throws SQLException {
    return EndToEndFixture.schema(engine,
        "CREATE TABLE staging (id INT, email VARCHAR(100), cents INT)",
        "INSERT INTO staging VALUES (50, 'x@s', 500), (51, 'y@s', 510)");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rename_everyWriteForm_keepsBothColumnsEqual(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      update(c, "INSERT INTO customer (id, email) VALUES (?, ?), (?, ?)", 1, "a@x", 2, "b@x");
      update(c, "INSERT INTO customer VALUES (?, ?)", 3, "c@x"); // an old version's row, without the new column
      update(c, "INSERT INTO customer (id, email) SELECT id, email FROM staging WHERE id = ? "
          + "UNION ALL SELECT 60, ? FROM staging WHERE id = 51", 50, "z@u");
      update(c, "UPDATE customer SET email = ? WHERE id = ?", "a2@x", 1);
      update(c, "UPDATE customer SET email_address = ? WHERE id = ?", "b2@x", 2);
      update(c, "/* keep me */ INSERT INTO customer (email, id) VALUES ('it''s ?', ?)", 4);
      switch (engine) {
        case POSTGRESQL -> {
          update(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email",
              3, "c2@x");
          merge(c);
        }
        case MARIADB -> update(c,
            "INSERT INTO customer (id, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)", 3, "c2@x");
        case H2 -> merge(c);
        default -> throw new IllegalStateException();
      }
      long rows = engine == Engine.MARIADB ? 6 : 7;
      assertThat(count(db, "SELECT count(*) FROM customer")).isEqualTo(rows);
      assertThat(count(db, "SELECT count(*) FROM customer WHERE email = email_address")).isEqualTo(rows);
      assertThat(count(db, "SELECT count(*) FROM customer WHERE id = 3 AND email = 'c2@x'"))
          .isEqualTo(engine == Engine.H2 ? 0 : 1);
    }
  }

  private static void merge(Connection c) throws SQLException {
    update(c, "MERGE INTO customer t USING (SELECT CAST(? AS INT) AS id, CAST(? AS VARCHAR(100)) AS email) s "
        + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET email = s.email "
        + "WHEN NOT MATCHED THEN INSERT (id, email) VALUES (s.id, s.email)", 70, "m@x");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void typeChange_everyWriteForm_keepsPriceEqualToCentsOverHundred(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?), (?, 250 + ?)", 1, 1234, 2, 5);
      update(c, "INSERT INTO product (id, price) VALUES (?, ?)", 3, new BigDecimal("7.5"));
      update(c, "INSERT INTO product (id, price_cents) SELECT id, cents FROM staging");
      update(c, "UPDATE product SET price_cents = price_cents + 1 WHERE id = ?", 1);
      update(c, "UPDATE product SET price = ? WHERE id = ?", new BigDecimal("9.99"), 2);
      switch (engine) {
        case POSTGRESQL -> update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET price_cents = product.price_cents + 1", 1, 0);
        case MARIADB -> update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?) "
            + "ON DUPLICATE KEY UPDATE price_cents = price_cents + 1", 1, 0);
        case H2 -> update(c, "MERGE INTO product p USING (SELECT 1 AS id) s ON p.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET price_cents = p.price_cents + 1");
        default -> throw new IllegalStateException();
      }
      assertThat(count(db, "SELECT count(*) FROM product WHERE price * 100 = price_cents")).isEqualTo(5);
      assertThat(count(db, "SELECT count(*) FROM product")).isEqualTo(5);
      assertThat(count(db, "SELECT count(*) FROM product WHERE id = 1 AND price_cents = 1236 AND price = 12.36"))
          .isEqualTo(1);
      assertThat(count(db, "SELECT count(*) FROM product WHERE id = 3 AND price_cents = 750")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void oneWay_writesOfTheOldColumn_lookUpTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      update(c, "INSERT INTO conversation (id, last_message_id) VALUES (?, ?), (?, ?)", 1, 1, 2, 1);
      update(c, "INSERT INTO conversation (id, last_message_at) VALUES (?, TIMESTAMP '2024-03-03 00:00:00')", 3);
      update(c, "UPDATE conversation SET last_message_id = ? WHERE id = ?", 2, 2);
      switch (engine) {
        case POSTGRESQL -> update(c,
            "UPDATE conversation AS c SET last_message_id = msg.id FROM message msg WHERE msg.id = ? AND c.id = ?", 2, 1);
        case MARIADB -> update(c,
            "UPDATE conversation c JOIN message msg ON msg.id = ? SET c.last_message_id = msg.id WHERE c.id = ?", 2, 1);
        case H2 -> update(c, "UPDATE conversation SET last_message_id = ? WHERE id = ?", 2, 1);
        default -> throw new IllegalStateException();
      }
      assertThat(count(db, "SELECT count(*) FROM conversation c JOIN message m ON m.id = c.last_message_id "
          + "WHERE c.last_message_at = m.sent_at")).isEqualTo(2);
      assertThat(count(db, "SELECT count(*) FROM conversation WHERE id = 3 AND last_message_id IS NULL "
          + "AND last_message_at IS NOT NULL")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_writesOfTheOldColumn_goToTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "contract")) {
      update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?)", 1, 1999);
      update(c, "UPDATE product SET price_cents = ? WHERE id = ?", 2999, 1);
      assertThat(count(db, "SELECT count(*) FROM product WHERE id = 1 AND price = 29.99 AND price_cents IS NULL"))
          .isEqualTo(1);
    }
  }

  /**
   * MariaDB assigns left to right: the old column, added before the new one, would change what the
   * new one's value reads through its fallback. It is assigned just after instead, from the new column.
   */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "MARIADB")
  void mariaDb_assignmentReadingTheAddedColumnLater_isMirroredAfterIt(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      db.execute("INSERT INTO product (id, price_cents) VALUES (1, 1999)"); // an old row, not backfilled
      update(c, "UPDATE product SET price = price + 0.05 WHERE id = 1");
      assertThat(count(db, "SELECT count(*) FROM product WHERE id = 1 AND price_cents = 2004 AND price = 20.04"))
          .isEqualTo(1);
      // A later value reads the new value of the column, as it would of one column (left to right).
      update(c, "UPDATE product SET price_cents = ?, id = price * 100 WHERE id = 1", 5);
      assertThat(count(db, "SELECT count(*) FROM product WHERE id = 5 AND price_cents = 5 AND price = 0.05"))
          .isEqualTo(1);
      update(c, "UPDATE product SET price = price + 1, price = price * 2 WHERE id = 5");
      assertThat(count(db, "SELECT count(*) FROM product WHERE price_cents = 210 AND price = 2.10")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void volatileValue_isRefusedBeforeAnythingIsWritten(Engine engine) throws Exception {
    String random = engine == Engine.MARIADB ? "rand()" : "random()";
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      assertThatThrownBy(() -> update(c, "INSERT INTO product (id, price_cents) VALUES (1, FLOOR(" + random + " * 100))"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("move product.price_cents->price")
          .hasMessageContaining(random);
      assertThat(count(db, "SELECT count(*) FROM product")).isZero();
    }
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }

  private static String rows(TestDatabase db, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          sb.append(rs.getString(i)).append(i == rs.getMetaData().getColumnCount() ? "\n" : " | ");
        }
      }
    }
    return sb.toString();
  }

  private static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
