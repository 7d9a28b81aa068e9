package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.PhasedRuleFile;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A column split in two ({@code customer.name} into {@code first_name} and {@code last_name},
 * docs/behaviour.md §12) through real {@code jdbc:tandem:} connections on H2, PostgreSQL and MariaDB:
 * an old application version writing and reading {@code name} and a new one writing and reading the
 * targets, in expand, migrated and contract (before and after the contract migration drops
 * {@code name}). After every step every row of both sides is read over a raw connection and compared
 * with what the two versions wrote. The rules are {@code rules-examples/customer-name-split.yaml}, whose
 * transforms all three engines run.
 */
class SplitEndToEndTest {
  /** The annotated example, so that what the README points at is what runs here. */
  private static final Path EXAMPLE = Path.of(System.getProperty("tandem.rulesExamples"), "customer-name-split.yaml");

  @TempDir
  Path dir;

  /** What the table must hold: id to "name|first_name|last_name". */
  private final Map<Integer, String> expected = new TreeMap<>();

  private Connection connect(TestDatabase db, String phase) throws Exception {
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", PhasedRuleFile.write(EXAMPLE, dir, phase)
        .toString()));
  }

  private static TestDatabase schema(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute("CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100), first_name VARCHAR(50),"
        + " last_name VARCHAR(50))");
    return db;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void expand_oldAndNewVersions_keepBothSidesOfEveryRow(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand");
        Connection young = connect(db, "expand")) {
      db.execute("INSERT INTO customer (id, name) VALUES (1, 'Ada Lovelace')"); // a row from before the expand
      write(old, "INSERT INTO customer (id, name) VALUES (?, ?)", 2, "Alan Turing");
      write(young, "INSERT INTO customer (id, first_name, last_name) VALUES (?, ?, ?)", 3, "Grace", "Hopper");
      write(young, "UPDATE customer SET last_name = ? WHERE id = ?", "Turing-Smith", 2);
      write(old, "UPDATE customer SET name = ? WHERE id = ?", "Plato", 3);
      write(young, "UPDATE customer SET first_name = ?, last_name = ? WHERE id = ?", "Edsger", "Dijkstra", 4);
      write(old, "INSERT INTO customer (id, name) VALUES (?, ?)", 4, "Barbara Liskov");
      write(young, "UPDATE customer c SET first_name = ?, last_name = ? WHERE c.id = ?", "Babs", "Liskov", 4);
      expected.put(1, "Ada Lovelace|null|null");
      expected.put(2, "Alan Turing-Smith|Alan|Turing-Smith");
      expected.put(3, "Plato|Plato|null");
      expected.put(4, "Babs Liskov|Babs|Liskov");
      assertRows(db);
      // The new version reads every row, the one from before the expand through the fallback.
      assertThat(read(young, "SELECT first_name, last_name FROM customer WHERE id = ?", 1)).isEqualTo("Ada|Lovelace");
      assertThat(read(young, "SELECT c.first_name, c.last_name FROM customer c WHERE c.id = ?", 3))
          .isEqualTo("Plato|null");
      assertThat(read(old, "SELECT name, id FROM customer WHERE id = ?", 2)).isEqualTo("Alan Turing-Smith|2");
      assertThatThrownBy(() -> write(young, "INSERT INTO customer (id, first_name) VALUES (?, ?)", 5, "Solo"))
          .isInstanceOf(SQLException.class).hasMessageContaining("last_name")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      assertRows(db);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migratedThenContract_oldVersionIsServedFromTheTargets(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      db.execute("INSERT INTO customer (id, name, first_name, last_name) VALUES (1, 'Ada Lovelace', 'Ada',"
          + " 'Lovelace')");
      expected.put(1, "Ada Lovelace|Ada|Lovelace");
      try (Connection old = connect(db, "migrated"); Connection young = connect(db, "migrated")) {
        write(young, "INSERT INTO customer (id, first_name, last_name) VALUES (?, ?, ?)", 2, "Grace", "Hopper");
        write(old, "UPDATE customer SET name = ? WHERE id = ?", "Alan Turing", 1);
        expected.put(1, "Alan Turing|Alan|Turing");
        expected.put(2, "Grace Hopper|Grace|Hopper");
        assertRows(db);
        assertThat(read(young, "SELECT first_name, last_name FROM customer WHERE id = ?", 2)).isEqualTo("Grace|Hopper");
      }
      try (Connection old = connect(db, "contract"); Connection young = connect(db, "contract")) {
        write(old, "UPDATE customer SET name = ? WHERE id = ?", "Ada King", 1);
        write(old, "INSERT INTO customer (id, name) VALUES (?, ?)", 3, "Edsger Dijkstra");
        write(young, "UPDATE customer SET first_name = ? WHERE id = ?", "G.", 2);
        // contract writes only the targets: name keeps what it had, or stays NULL
        expected.put(1, "Alan Turing|Ada|King");
        expected.put(2, "Grace Hopper|G.|Hopper");
        expected.put(3, "null|Edsger|Dijkstra");
        assertRows(db);
        assertThat(read(old, "SELECT name FROM customer WHERE id = ?", 1)).isEqualTo("Ada King");
        assertThat(read(old, "SELECT c.id FROM customer c WHERE c.name = ?", "Edsger Dijkstra")).isEqualTo("3");

        // The old version's upsert idiom: each target gets its own inserted value.
        String upsert = switch (engine) {
          case POSTGRESQL -> "INSERT INTO customer (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name";
          case MARIADB -> "INSERT INTO customer (id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)";
          case H2 -> "MERGE INTO customer t USING (SELECT CAST(? AS INT) AS id, CAST(? AS VARCHAR(100)) AS n) s"
              + " ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.n WHEN NOT MATCHED THEN INSERT (id, name)"
              + " VALUES (s.id, s.n)";
        };
        write(old, upsert, 3, "Edsger W. Dijkstra");
        expected.put(3, "null|Edsger|W. Dijkstra");
        assertRows(db);
        write(old, upsert, 3, "Edsger Dijkstra");
        expected.put(3, "null|Edsger|Dijkstra");
        assertRows(db);

        // The contract migration drops the old column; the old version still reads and writes by its name.
        db.execute("ALTER TABLE customer DROP COLUMN name");
        write(old, "UPDATE customer SET name = ? WHERE id = ?", "Grace Murray", 2);
        assertThat(read(old, "SELECT name FROM customer WHERE id = ?", 2)).isEqualTo("Grace Murray");
        try (Statement s = old.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM customer WHERE id = 3")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("name")).isEqualTo("Edsger Dijkstra");
        }
        try (Connection raw = db.openRaw()) {
          assertThat(targets(raw)).isEqualTo(Map.of(1, "Ada|King", 2, "Grace|Murray", 3, "Edsger|Dijkstra"));
        }
      }
    }
  }

  /** A write through a prepared statement, one row or none. */
  private static void write(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }

  /** The one row {@code sql} selects, its columns joined by {@code |}. */
  private static String read(Connection c, String sql, Object key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        assertThat(rs.next()).isFalse();
        return row.toString();
      }
    }
  }

  private static Map<Integer, String> targets(Connection raw) throws SQLException {
    Map<Integer, String> rows = new TreeMap<>();
    try (Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, first_name, last_name FROM customer")) {
      while (rs.next()) {
        rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getString(3));
      }
    }
    return rows;
  }

  /** Both sides of every row, read over a raw connection, are what the two versions wrote. */
  private void assertRows(TestDatabase db) throws SQLException {
    Map<Integer, String> rows = new TreeMap<>();
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name, first_name, last_name FROM customer")) {
      while (rs.next()) {
        rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
      }
    }
    assertThat(rows).as("rows of customer").isEqualTo(expected);
  }
}
