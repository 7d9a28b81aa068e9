package dev.tandem.rewrite;

import static dev.tandem.rewrite.ContractEndToEndTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upserts whose update part reads the inserted row ({@code EXCLUDED.from}, {@code VALUES(from)})
 * inside expressions and conditions, conflict targets naming the old column, repeated assignments
 * to one column and H2's one-column row assignment, through a real {@code jdbc:tandem:} connection,
 * in every phase, checked on a raw connection (both columns) and through Tandem (what the
 * application reads).
 */
class AssignmentCornersEndToEndTest {

  @TempDir
  Path dir;

  private TestDatabase schema(Engine engine) throws SQLException {
    return EndToEndFixture.schema(engine,
        "INSERT INTO product (id, price_cents, price) VALUES (1, 1000, 10.00)",
        "INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', 'a@x')");
  }

  /** The stored row of product 1 as (price_cents, price). */
  private static Map<String, Object> product(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw()) {
      return row(raw, "SELECT price_cents, price FROM product WHERE id = 1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"expand", "migrated", "contract"})
  void postgresql_excludedOldColumnInsideExpressionsAndWhere(String phase) throws Exception {
    try (TestDatabase db = schema(Engine.POSTGRESQL); Connection c = EndToEndFixture.connect(db, dir, phase)) {
      execute(c, "INSERT INTO product (id, price_cents) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
          + "SET price_cents = product.price_cents + EXCLUDED.price_cents WHERE EXCLUDED.price_cents > 0", 234);
      Map<String, Object> stored = product(db);
      assertThat((BigDecimal) stored.get("price")).isEqualByComparingTo("12.34");
      if (!phase.equals("contract")) {
        assertThat(stored.get("price_cents")).isEqualTo(1234);
      }
      // The update is skipped when the inserted value is not positive: the WHERE read it too.
      execute(c, "INSERT INTO product (id, price_cents) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
          + "SET price_cents = EXCLUDED.price_cents WHERE EXCLUDED.price_cents > 0", -5);
      assertThat((BigDecimal) product(db).get("price")).isEqualByComparingTo("12.34");
      Map<String, Object> read = row(c, "SELECT price_cents FROM product WHERE id = 1");
      assertThat(((Number) read.get("price_cents")).longValue()).isEqualTo(1234L);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"expand", "migrated", "contract"})
  void postgresql_conflictTargetNamingTheOldColumn(String phase) throws Exception {
    try (TestDatabase db = schema(Engine.POSTGRESQL)) {
      db.execute("CREATE UNIQUE INDEX customer_email ON customer (email)",
          "CREATE UNIQUE INDEX customer_email_address ON customer (email_address)");
      try (Connection c = EndToEndFixture.connect(db, dir, phase)) {
        execute(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON CONFLICT (email) DO NOTHING", 2, "a@x");
        execute(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON CONFLICT (email) DO NOTHING", 3, "c@x");
      }
      try (Connection raw = db.openRaw()) {
        assertThat(row(raw, "SELECT count(*) AS n FROM customer").get("n").toString()).isEqualTo("2");
        assertThat(row(raw, "SELECT email_address FROM customer WHERE id = 3")).containsEntry("email_address", "c@x");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"expand", "migrated", "contract"})
  void mariadb_valuesOfTheOldColumnInsideExpressionsAndOtherColumns(String phase) throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB)) {
      db.execute("ALTER TABLE product ADD COLUMN note INT");
      try (Connection c = EndToEndFixture.connect(db, dir, phase)) {
        execute(c, "INSERT INTO product (id, price_cents) VALUES (1, ?) ON DUPLICATE KEY UPDATE "
            + "note = VALUES(price_cents), price_cents = price_cents + VALUES(price_cents)", 234);
        Map<String, Object> read = row(c, "SELECT price_cents FROM product WHERE id = 1");
        assertThat(((Number) read.get("price_cents")).longValue()).isEqualTo(1234L);
      }
      try (Connection raw = db.openRaw()) {
        Map<String, Object> stored = row(raw, "SELECT note, price_cents, price FROM product WHERE id = 1");
        assertThat(stored.get("note")).isEqualTo(234);
        assertThat((BigDecimal) stored.get("price")).isEqualByComparingTo("12.34");
        if (!phase.equals("contract")) {
          assertThat(stored.get("price_cents")).isEqualTo(1234);
        }
      }
    }
  }

  /** Only MariaDB accepts two assignments to one column (PostgreSQL and H2 reject the statement). */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"MARIADB"})
  void repeatedAssignments_everyOneReachesBothColumns(Engine engine) throws Exception {
    for (String phase : new String[] {"expand", "migrated", "contract"}) {
      try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, phase)) {
        execute(c, "UPDATE customer SET email = NULL, email = ? WHERE id = 1", "z@x");
        try (Connection raw = db.openRaw()) {
          Map<String, Object> stored = row(raw, "SELECT email, email_address FROM customer WHERE id = 1");
          assertThat(stored).as(phase).containsEntry("email_address", "z@x");
          if (!phase.equals("contract")) {
            assertThat(stored).as(phase).containsEntry("email", "z@x");
          }
        }
        assertThat(row(c, "SELECT email FROM customer WHERE id = 1")).as(phase).containsEntry("email", "z@x");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"expand", "migrated", "contract"})
  void h2_oneColumnRowAssignment(String phase) throws Exception {
    try (TestDatabase db = schema(Engine.H2); Connection c = EndToEndFixture.connect(db, dir, phase)) {
      execute(c, "UPDATE product SET (price_cents) = (?) WHERE id = 1", 1234);
      Map<String, Object> stored = product(db);
      assertThat((BigDecimal) stored.get("price")).isEqualByComparingTo("12.34");
      if (!phase.equals("contract")) {
        assertThat(stored.get("price_cents")).isEqualTo(1234);
      }
    }
  }

  private static void execute(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }
}
