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
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A column moved to another table, 1:1 by key ({@code local_user.password} to {@code password.password},
 * paired by {@code local_user.id = password.local_user_id}, docs/behaviour.md §13), through real
 * {@code jdbc:tandem:} connections on H2, PostgreSQL and MariaDB. An old version writes and reads
 * {@code local_user.password}, a new one {@code password.password}; after every step every row of both tables is
 * read on a raw connection and compared. A follow-up that fails leaves neither table written, under auto-commit
 * and inside the application's transaction.
 */
class CrossTableMoveEndToEndTest {
  private static final String RULES = String.join("\n",
      "version: 1",
      "moves:",
      "  - name: local-user-password-to-table",
      "    table: local_user",
      "    from: password",
      "    key: id",
      "    to_table: password",
      "    to: password",
      "    to_key: local_user_id",
      "    phase: %s",
      "");
  private static final String USERS = "SELECT id, name, password FROM local_user ORDER BY id";
  private static final String PASSWORDS = "SELECT local_user_id, password FROM password ORDER BY local_user_id";

  @TempDir
  Path dir;

  /** Concurrent writers connect at once: the file is replaced whole, never seen half written. */
  private Connection connect(TestDatabase db, String phase) throws Exception {
    Path file = dir.resolve("password-" + phase + ".yaml");
    Path next = Files.createTempFile(dir, "password-" + phase, ".tmp");
    Files.writeString(next, String.format(RULES, phase));
    Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString()));
  }

  /** The password table has an {@code id} of its own, so a lookup whose key reference were captured would fail. */
  private static TestDatabase schema(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute("CREATE TABLE local_user (id INT PRIMARY KEY, name VARCHAR(50), password VARCHAR(100))",
        "CREATE TABLE password (local_user_id INT NOT NULL PRIMARY KEY, password VARCHAR(100), id INT,"
            + " CONSTRAINT password_not_bad CHECK (password IS NULL OR password <> 'bad'),"
            + " CONSTRAINT password_user FOREIGN KEY (local_user_id) REFERENCES local_user (id) ON DELETE CASCADE)");
    return db;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void expand_writesThroughEitherTable_reachBoth(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand");
        Connection young = connect(db, "expand")) {
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 1, "ann", "pw1");
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?), (?, ?, ?)", 2, "bob", "pw2", 3,
          "cy", null);
      assertThat(db.rows(USERS)).isEqualTo("1:ann|pw1 2:bob|pw2 3:cy|null");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1 2:pw2 3:null");

      assertThat(write(old, "UPDATE local_user SET password = upper(name) WHERE id = ?", 2)).isEqualTo(1);
      write(old, "UPDATE local_user SET name = ? WHERE id = ?", "ann2", 1); // no follow-up: the column is not written
      try (Statement s = old.createStatement()) {
        assertThat(s.executeUpdate("UPDATE local_user SET password = 'lit' WHERE id IN (1, 3)")).isEqualTo(2);
      }
      assertThat(db.rows(USERS)).isEqualTo("1:ann2|lit 2:bob|BOB 3:cy|lit");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:lit 2:BOB 3:lit");

      // The new version writes the new table; the old column follows.
      write(young, "UPDATE password SET password = ? WHERE local_user_id = ?", "new2", 2);
      write(old, "INSERT INTO local_user (id, name) VALUES (?, ?)", 4, "dee");
      write(young, "INSERT INTO password (local_user_id, password) VALUES (?, ?)", 4, "pw4");
      write(young, "DELETE FROM password WHERE local_user_id = ?", 3);
      assertThat(db.rows(USERS)).isEqualTo("1:ann2|lit 2:bob|new2 3:cy|null 4:dee|pw4");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:lit 2:new2 4:pw4");

      // A row not backfilled yet (raw writes): the new location's read falls back to the old column.
      db.execute("INSERT INTO local_user (id, name, password) VALUES (5, 'eve', 'raw5')",
          "INSERT INTO password (local_user_id, password, id) VALUES (5, NULL, 1)");
      assertThat(single(young, "SELECT password FROM password WHERE local_user_id = ?", 5)).isEqualTo("raw5");
      assertThat(single(young, "SELECT p.password FROM password p JOIN local_user u ON u.id = p.local_user_id"
          + " WHERE u.name = ?", "eve")).isEqualTo("raw5");
      assertThat(single(old, "SELECT password FROM local_user WHERE id = ?", 2)).isEqualTo("new2");

      write(old, "DELETE FROM local_user WHERE id = ?", 4); // the foreign key cascades
      assertThat(db.rows(USERS)).isEqualTo("1:ann2|lit 2:bob|new2 3:cy|null 5:eve|raw5");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:lit 2:new2 5:null");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_oldVersionWritesAndReadsTheOtherTable_afterTheColumnIsDropped(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      db.execute("INSERT INTO local_user (id, name, password) VALUES (1, 'ann', 'pw1')",
          "INSERT INTO password (local_user_id, password) VALUES (1, 'pw1')",
          "ALTER TABLE local_user DROP COLUMN password");
      try (Connection old = connect(db, "contract")) {
        write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?), (?, ?, ?)", 2, "bob", "pw2", 3,
            "cy", null);
        assertThat(write(old, "UPDATE local_user SET password = ? WHERE id = ?", "pw1b", 1)).isEqualTo(1);
        assertThat(write(old, "UPDATE local_user SET name = ?, password = ? WHERE id = ?", "cy2", "pw3", 3))
            .isEqualTo(1);
        assertThat(write(old, "UPDATE local_user SET password = ? WHERE id = ?", "ghost", 99)).isZero();
        assertThat(db.rows("SELECT id, name FROM local_user ORDER BY id")).isEqualTo("1:ann 2:bob 3:cy2");
        assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1b 2:pw2 3:pw3");

        try (PreparedStatement ps = old.prepareStatement(
            "SELECT id, password FROM local_user WHERE password = ? ORDER BY id")) {
          ps.setString(1, "pw2");
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("id")).isEqualTo(2);
            assertThat(rs.getString("password")).isEqualTo("pw2");
            assertThat(rs.next()).isFalse();
          }
        }
        try (Statement s = old.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM local_user WHERE id = 2")) {
          StringBuilder seen = new StringBuilder();
          assertThat(rs.next()).isTrue();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            seen.append(rs.getMetaData().getColumnLabel(i).toLowerCase()).append('=').append(rs.getString(i)).append(' ');
          }
          assertThat(seen.toString()).isEqualTo("id=2 name=bob password=pw2 "); // * keeps the retired column, looked up
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void followUpFailing_leavesNeitherTableWritten(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand")) {
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 1, "ann", "pw1");
      // Auto-commit: the CHECK on password.password fails the follow-up; the insert is rolled back with it.
      assertThatThrownBy(() -> write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 2, "bob",
          "bad")).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> write(old, "UPDATE local_user SET password = ? WHERE id = ?", "bad", 1))
          .isInstanceOf(SQLException.class);
      assertThat(old.getAutoCommit()).isTrue();
      assertThat(db.rows(USERS)).isEqualTo("1:ann|pw1");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1");

      // The application's transaction: the failed pair is undone, the rest commits.
      old.setAutoCommit(false);
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 3, "cy", "pw3");
      assertThatThrownBy(() -> write(old, "UPDATE local_user SET password = ? WHERE id = ?", "bad", 3))
          .isInstanceOf(SQLException.class);
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 4, "dee", "pw4");
      old.commit();
      old.setAutoCommit(true);
      assertThat(db.rows(USERS)).isEqualTo("1:ann|pw1 3:cy|pw3 4:dee|pw4");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1 3:pw3 4:pw4");

      // And rolled back by the application: neither table keeps the pair.
      old.setAutoCommit(false);
      write(old, "UPDATE local_user SET password = ? WHERE id = ?", "gone", 4);
      old.rollback();
      old.setAutoCommit(true);
      assertThat(db.rows(USERS)).isEqualTo("1:ann|pw1 3:cy|pw3 4:dee|pw4");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1 3:pw3 4:pw4");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void writesWhoseRowsCannotBeTold_areRefused(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand")) {
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 1, "ann", "pw1");
      assertThatThrownBy(() -> write(old, "UPDATE local_user SET password = ? WHERE name = ?", "x", "ann"))
          .isInstanceOf(SQLException.class).hasMessageContaining("local-user-password-to-table")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      try (PreparedStatement ps = old.prepareStatement(
          "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)")) {
        ps.setInt(1, 2);
        ps.setString(2, "bob");
        ps.setString(3, "pw2");
        assertThatThrownBy(ps::addBatch).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      }
      assertThat(db.rows(USERS)).isEqualTo("1:ann|pw1");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1");
    }
  }

  /**
   * Old and new versions write the same keys through different tables at once: each write either commits with
   * its follow-up or fails whole (a deadlock or lock timeout, which the database reports), so at the end every
   * key's two copies agree.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void concurrentWritersThroughBothTables_leaveTheCopiesEqual(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      try (Connection setup = connect(db, "expand")) {
        for (int id = 1; id <= 3; id++) {
          write(setup, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", id, "u" + id, "start");
        }
      }
      java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
      List<Thread> threads = new java.util.ArrayList<>();
      List<Throwable> unexpected = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      for (int t = 0; t < 4; t++) {
        boolean young = t % 2 == 1;
        int writer = t;
        threads.add(new Thread(() -> {
          java.util.Random random = new java.util.Random(writer);
          try (Connection c = connect(db, "expand")) {
            for (int i = 0; i < 25; i++) {
              int id = 1 + random.nextInt(3);
              String value = "w" + writer + "-" + i;
              try {
                write(c, young ? "UPDATE password SET password = ? WHERE local_user_id = ?"
                    : "UPDATE local_user SET password = ? WHERE id = ?", value, id);
                commits.incrementAndGet();
              } catch (SQLException e) {
                failures.incrementAndGet(); // a deadlock or lock timeout: the pair was rolled back whole
              }
            }
          } catch (Exception e) {
            unexpected.add(e);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(unexpected).isEmpty();
      assertThat(commits.get()).isPositive();
      assertThat(db.rows("SELECT u.id, u.password, p.password FROM local_user u JOIN password p"
          + " ON p.local_user_id = u.id WHERE u.password <> p.password OR p.password IS NULL")).isEmpty();
      assertThat(db.rows("SELECT COUNT(*) FROM password")).isEqualTo("3");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void updatableResultSetOverEitherTable_isRefused(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection old = connect(db, "expand")) {
      write(old, "INSERT INTO local_user (id, name, password) VALUES (?, ?, ?)", 1, "ann", "pw1");
      try (Statement s = old.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
          ResultSet rs = s.executeQuery("SELECT id, password FROM local_user WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        rs.updateString("password", "sneaky");
        assertThatThrownBy(rs::updateRow).isInstanceOf(SQLException.class).hasMessageContaining("follow-up");
      }
      assertThat(db.rows(USERS)).isEqualTo("1:ann|pw1");
      assertThat(db.rows(PASSWORDS)).isEqualTo("1:pw1");
    }
  }

  private static int write(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static String single(Connection c, String sql, Object value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        String result = rs.getString(1);
        assertThat(rs.next()).isFalse();
        return result;
      }
    }
  }
}
