package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table rename ({@code conversation} to {@code thread}, docs/behaviour.md §11) through real
 * {@code jdbc:tandem:} connections on H2, PostgreSQL and MariaDB: an old application version naming
 * {@code conversation} and a new one naming {@code thread} insert, update, delete, select and join
 * before the rename migration, while it runs between their statements (prepared statements prepared
 * before it and executed after it included), with the old name left as a compatibility view, and in
 * contract. After every step every row of the one table is compared with what the two versions wrote.
 */
class TableRenameEndToEndTest {
  private static final String RULES = String.join("\n",
      "version: 1",
      "moves:",
      "  - name: conversation-to-thread",
      "    table: conversation",
      "    rename_to: thread",
      "    phase: %s",
      "");

  @TempDir
  Path dir;

  /** What the table must hold: id to "title/parent". */
  private final Map<Integer, String> expected = new TreeMap<>();

  private Connection connect(TestDatabase db, String phase) throws Exception {
    Path file = dir.resolve("rename-" + phase + ".yaml");
    Files.writeString(file, String.format(RULES, phase));
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString()));
  }

  private static TestDatabase schema(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute("CREATE TABLE conversation (id INT PRIMARY KEY, title VARCHAR(100), parent_id INT)");
    return db;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void oldAndNewVersions_beforeDuringAndAfterTheRename_writeAndReadOneTable(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand"); Connection young = connect(db,
        "expand")) {
      // Before the migration: conversation is the table; the new version's thread goes to it.
      write(old, "INSERT INTO conversation (id, title, parent_id) VALUES (?, ?, ?)", 1, "a", null);
      write(young, "INSERT INTO thread (id, title, parent_id) VALUES (?, ?, ?)", 2, "b", 1);
      write(young, "UPDATE thread SET title = ? WHERE thread.id = ?", "b2", 2);
      write(old, "UPDATE conversation SET title = ? WHERE conversation.id = ?", "a2", 1);
      write(old, "INSERT INTO conversation (id, title, parent_id) VALUES (?, ?, ?)", 3, "c", 1);
      write(young, "DELETE FROM thread WHERE id = ?", 3);
      expected.put(1, "a2/null");
      expected.put(2, "b2/1");
      assertRows(db, "conversation");
      assertThat(joined(old, "SELECT a.id, b.id FROM conversation a JOIN thread b ON b.parent_id = a.id"))
          .containsExactly("1-2");
      assertThat(rows(old, "conversation")).isEqualTo(expected);
      assertThat(rows(young, "thread")).isEqualTo(expected);

      // Prepared before the migration, executed after it.
      PreparedStatement oldUpdate = old.prepareStatement("UPDATE conversation SET title = ? WHERE id = ?");
      PreparedStatement youngInsert = young.prepareStatement(
          "INSERT INTO thread (id, title, parent_id) VALUES (?, ?, ?)");
      PreparedStatement oldSelect = old.prepareStatement("SELECT c.title FROM conversation c WHERE c.id = ?");
      oldSelect.setInt(1, 1);
      assertThat(single(oldSelect)).isEqualTo("a2");

      // The rename migration, outside Tandem: both connections' metadata is now stale.
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement()) {
        s.execute("ALTER TABLE conversation RENAME TO thread");
      }
      oldUpdate.setString(1, "a3");
      oldUpdate.setInt(2, 1);
      assertThat(oldUpdate.executeUpdate()).isEqualTo(1);
      youngInsert.setInt(1, 4);
      youngInsert.setString(2, "d");
      youngInsert.setInt(3, 2);
      assertThat(youngInsert.executeUpdate()).isEqualTo(1);
      assertThat(single(oldSelect)).isEqualTo("a3");
      expected.put(1, "a3/null");
      expected.put(4, "d/2");
      assertRows(db, "thread");

      // After the migration: the old version's plain statements reach thread.
      write(old, "INSERT INTO conversation (id, title, parent_id) VALUES (?, ?, ?)", 5, "e", 4);
      try (Statement s = old.createStatement()) {
        assertThat(s.executeUpdate("UPDATE conversation SET title = 'e2' WHERE conversation.id = 5")).isEqualTo(1);
      }
      write(young, "UPDATE thread SET title = ? WHERE id = ?", "d2", 4);
      write(old, "DELETE FROM conversation WHERE id IN (SELECT t.id FROM thread t WHERE t.title = ?)", "b2");
      expected.put(5, "e2/4");
      expected.put(4, "d2/2");
      expected.remove(2);
      assertRows(db, "thread");
      assertThat(rows(old, "conversation")).isEqualTo(expected);
      assertThat(rows(young, "thread")).isEqualTo(expected);
      assertThat(joined(young, "SELECT a.id, b.id FROM thread a JOIN conversation b ON b.parent_id = a.id"))
          .containsExactly("4-5");

      // The old name left as a view over the table: statements naming it still reach the table.
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement()) {
        s.execute("CREATE VIEW conversation AS SELECT * FROM thread");
      }
      write(old, "UPDATE conversation SET parent_id = ? WHERE id = ?", 1, 5);
      write(old, "INSERT INTO conversation (id, title, parent_id) VALUES (?, ?, ?)", 6, "f", null);
      expected.put(5, "e2/1");
      expected.put(6, "f/null");
      assertRows(db, "thread");
      assertThat(rows(old, "conversation")).isEqualTo(expected);
      oldUpdate.close();
      youngInsert.close();
      oldSelect.close();
    }
  }

  /**
   * A plain statement whose plan was the old name as written, after a migration outside Tandem: the
   * database's missing-table error re-reads metadata and the statement is sent once more, redirected.
   * Inside a transaction it fails (the failure may have aborted the transaction) and the next try works.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void plainStatement_afterAMigrationOutsideTandem_isPlannedAgain(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand"); Connection tx = connect(db,
        "expand")) {
      db.execute("INSERT INTO conversation (id, title, parent_id) VALUES (1, 'a', NULL)");
      expected.put(1, "a/null");
      assertThat(rows(old, "conversation")).isEqualTo(expected);
      assertThat(rows(tx, "conversation")).isEqualTo(expected);
      db.execute("ALTER TABLE conversation RENAME TO thread");
      assertThat(rows(old, "conversation")).isEqualTo(expected);
      tx.setAutoCommit(false);
      assertThatThrownBy(() -> rows(tx, "conversation")).isInstanceOf(SQLException.class);
      tx.rollback();
      assertThat(rows(tx, "conversation")).isEqualTo(expected);
      tx.commit();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_afterTheMigration_redirectsTheOldName(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      db.execute("INSERT INTO conversation (id, title, parent_id) VALUES (1, 'a', NULL)",
          "ALTER TABLE conversation RENAME TO thread");
      try (Connection old = connect(db, "contract")) {
        write(old, "INSERT INTO conversation (id, title, parent_id) VALUES (?, ?, ?)", 2, "b", 1);
        write(old, "UPDATE conversation SET title = ? WHERE id = ?", "a2", 1);
        expected.put(1, "a2/null");
        expected.put(2, "b/1");
        assertRows(db, "thread");
        assertThat(rows(old, "conversation")).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_beforeTheMigration_refusesNamingTheMigration(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "contract")) {
      assertThatThrownBy(() -> write(old, "INSERT INTO conversation (id, title) VALUES (?, ?)", 1, "a"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("conversation-to-thread")
          .hasMessageContaining("ALTER TABLE conversation RENAME TO thread")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void twoTables_areRefused(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection young = connect(db, "expand")) {
      db.execute("CREATE TABLE thread (id INT PRIMARY KEY, title VARCHAR(100), parent_id INT)");
      assertThatThrownBy(() -> write(young, "INSERT INTO thread (id, title) VALUES (?, ?)", 1, "a"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("are tables")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
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

  private static String single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static List<String> joined(Connection c, String sql) throws SQLException {
    List<String> pairs = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql + " ORDER BY 1, 2")) {
      while (rs.next()) {
        pairs.add(rs.getInt(1) + "-" + rs.getInt(2));
      }
    }
    return pairs;
  }

  /** Every row of {@code table} as {@code c} reads it, by the name that version uses. */
  private static Map<Integer, String> rows(Connection c, String table) throws SQLException {
    Map<Integer, String> rows = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + table + ".id, " + table + ".title, " + table + ".parent_id FROM "
            + table)) {
      while (rs.next()) {
        rows.put(rs.getInt(1), rs.getString(2) + "/" + rs.getObject(3));
      }
    }
    return rows;
  }

  /** The one table, read over a raw connection, holds exactly the rows both versions wrote. */
  private void assertRows(TestDatabase db, String table) throws SQLException {
    try (Connection raw = db.openRaw()) {
      assertThat(rows(raw, table)).as("rows of " + table).isEqualTo(expected);
    }
  }
}
