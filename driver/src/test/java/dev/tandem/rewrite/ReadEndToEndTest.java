package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads through a real {@code jdbc:tandem:} connection on H2, PostgreSQL and MariaDB. Rows are
 * written before the expand over a raw connection (only the old column set); read through the new
 * name in expand they give {@code forward(from)}, for a rename ({@code customer.email ->
 * email_address}), a type change ({@code product.price_cents -> price}) and a one-way lookup
 * ({@code conversation.last_message_id -> last_message_at}). After a backfill and the switch to
 * migrated the application's SQL reaches the database untouched.
 */
class ReadEndToEndTest {

  /** The SQL Hibernate 6/7 generates for loading the entities by id, written by hand. */
  private static final String HIBERNATE_CONVERSATION =
      "select c1_0.id,c1_0.last_message_at,c1_0.subject from conversation c1_0 where c1_0.id=?";
  private static final String HIBERNATE_PRODUCT = "select p1_0.id,p1_0.price from product p1_0 where p1_0.id=?";
  private static final String HIBERNATE_CUSTOMER_BY_EMAIL =
      "select c1_0.id,c1_0.email_address from customer c1_0 where c1_0.email_address=?";

  @TempDir
  Path dir;

  /** The schema after the expand migration, with rows an old version wrote before it. */
  private TestDatabase expanded(Engine engine) throws SQLException {
    return EndToEndFixture.schema(engine,
        "INSERT INTO customer (id, email) VALUES (1, 'a@x'), (2, 'b@x')",
        "INSERT INTO product (id, price_cents) VALUES (1, 1999), (2, 250)",
        "INSERT INTO conversation (id, subject, last_message_id) VALUES (1, 'hello', 2), (2, 'bye', 1)");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void expand_hibernateStyleSelects_returnForwardOfTheOldColumn(Engine engine) throws Exception {
    try (TestDatabase db = expanded(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      assertHibernateReadsSeeOldRows(c);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void expand_readsByLabel_selectStar_andEveryClause(Engine engine) throws Exception {
    try (TestDatabase db = expanded(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM customer WHERE id = ?")) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("email_address")).isEqualTo("a@x");
        }
      }
      assertThat(c.unwrap(TandemConnection.class).plan("SELECT * FROM customer WHERE id = ?").expandedFromMetadata())
          .isTrue();
      try (PreparedStatement ps = c.prepareStatement("SELECT c.last_message_at FROM conversation c WHERE c.id = ?")) {
        ps.setInt(1, 2);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getTimestamp("last_message_at")).isEqualTo(Timestamp.valueOf("2024-01-01 10:00:00"));
        }
      }
      assertThat(query(c, "SELECT p.id FROM product p WHERE p.price > ? ORDER BY p.price DESC", new BigDecimal("1")))
          .containsExactly(List.of("1"), List.of("2"));
      assertThat(query(c, "SELECT id FROM conversation WHERE last_message_at = (SELECT max(last_message_at) "
          + "FROM conversation)")).containsExactly(List.of("1"));
      assertThat(query(c, "SELECT count(*) FROM customer WHERE email_address IN (?, ?)", "a@x", "b@x"))
          .containsExactly(List.of("2"));
      assertThat(query(c, "SELECT email_address FROM customer WHERE id = ? UNION ALL "
          + "SELECT email_address FROM customer WHERE id = ?", 1, 2)).containsExactly(List.of("a@x"), List.of("b@x"));
      try (Statement s = c.createStatement()) {
        assertThat(s.executeUpdate("UPDATE product SET price_cents = price_cents + 1 WHERE price = 2.5")).isEqualTo(1);
        assertThat(s.executeUpdate("DELETE FROM customer WHERE email_address = 'a@x'")).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migrated_afterBackfill_sendsTheApplicationsSqlUntouched(Engine engine) throws Exception {
    try (TestDatabase db = expanded(engine)) {
      db.execute("UPDATE customer SET email_address = email WHERE email_address IS NULL",
          "UPDATE product SET price = price_cents / 100.0 WHERE price IS NULL",
          "UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m "
              + "WHERE m.id = conversation.last_message_id) WHERE last_message_at IS NULL");
      try (Connection c = EndToEndFixture.connect(db, dir, "migrated")) {
        TandemConnection tandem = c.unwrap(TandemConnection.class);
        for (String sql : List.of(HIBERNATE_CONVERSATION, HIBERNATE_PRODUCT, HIBERNATE_CUSTOMER_BY_EMAIL)) {
          assertThat(tandem.plan(sql).sql()).isSameAs(sql);
        }
        assertHibernateReadsSeeOldRows(c);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_readsOfTheOldColumn_comeFromTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = expanded(engine)) {
      // Written by the new version during contract: only the new columns.
      db.execute("INSERT INTO customer (id, email_address) VALUES (3, 'c@x')",
          "INSERT INTO product (id, price) VALUES (3, 7.50)");
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        assertThat(query(c, "SELECT c.email FROM customer c WHERE c.email = ?", "c@x")).containsExactly(List.of("c@x"));
        String sql = "SELECT price_cents FROM product WHERE id = ?";
        // Cast to the declared type of price_cents (an INT), which ROUND alone is not.
        String integer = switch (engine) {
          case POSTGRESQL -> "integer";
          case MARIADB -> "SIGNED";
          case H2 -> "INTEGER";
        };
        assertThat(c.unwrap(TandemConnection.class).plan(sql).sql())
            .isEqualTo("SELECT CAST(ROUND(price * 100.0) AS " + integer + ") AS price_cents FROM product WHERE id = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setInt(1, 3);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("price_cents")).isEqualTo(750);
            // The Java type of an INT column (MariaDB's SIGNED is a BIGINT, narrowed by the result set).
            assertThat(rs.getObject("price_cents")).isEqualTo(750);
            assertThat(rs.getObject(1)).isEqualTo(750);
          }
        }
      }
    }
  }

  /**
   * The index-friendly form of {@code email_address = ?} lets PostgreSQL use an index on each
   * column (a BitmapOr of two index scans) where {@code COALESCE(email_address, email) = ?} could
   * use neither.
   */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void postgresql_lookupOfTheNewColumn_usesAnIndexOnEachColumn(Engine engine) throws Exception {
    try (TestDatabase db = expanded(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      db.execute("INSERT INTO customer (id, email) SELECT g, 'user' || g || '@x' FROM generate_series(10, 20009) g",
          "UPDATE customer SET email_address = email WHERE id % 2 = 0",
          "CREATE INDEX customer_email ON customer (email)",
          "CREATE INDEX customer_email_address ON customer (email_address)",
          "ANALYZE customer");
      String sql = "select c1_0.id from customer c1_0 where c1_0.email_address=?";
      RewritePlan plan = c.unwrap(TandemConnection.class).plan(sql);
      assertThat(plan.sql()).isEqualTo("select c1_0.id from customer c1_0 where "
          + "(c1_0.email_address=? OR (c1_0.email_address IS NULL AND c1_0.email=?))");
      StringBuilder explain = new StringBuilder();
      try (Connection raw = db.openRaw(); PreparedStatement ps = raw.prepareStatement("EXPLAIN " + plan.sql())) {
        for (int index : plan.parameters().targetsOf(1)) {
          ps.setString(index, "user77@x");
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            explain.append(rs.getString(1)).append('\n');
          }
        }
      }
      assertThat(explain.toString()).contains("BitmapOr", "customer_email_address", "customer_email ")
          .doesNotContain("Seq Scan");
      assertThat(query(c, sql, "user77@x")).containsExactly(List.of("77"));
      assertThat(query(c, sql, "user78@x")).containsExactly(List.of("78"));
    }
  }

  /** The Hibernate-style selects return the values the old version wrote, through the new names. */
  private static void assertHibernateReadsSeeOldRows(Connection c) throws SQLException {
    assertThat(query(c, HIBERNATE_CONVERSATION, 1)).containsExactly(
        List.of("1", Timestamp.valueOf("2024-02-02 11:00:00").toString(), "hello"));
    assertThat(query(c, HIBERNATE_PRODUCT, 1)).singleElement()
        .satisfies(row -> assertThat(new BigDecimal(row.get(1))).isEqualByComparingTo("19.99"));
    assertThat(query(c, HIBERNATE_CUSTOMER_BY_EMAIL, "b@x")).containsExactly(List.of("2", "b@x"));
  }

  private static List<List<String>> query(Connection c, String sql, Object... values) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            row.add(v instanceof Timestamp t ? t.toString() : v instanceof java.time.LocalDateTime l
                ? Timestamp.valueOf(l).toString() : String.valueOf(v));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
