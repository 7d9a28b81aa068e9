package dev.tandem.jdbc;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults around rewritten writes: a rollback, a statement timeout, a connection killed in the
 * middle of a batch. Because Tandem writes both columns in the one statement the application sent,
 * the database's own atomicity covers the dual write: afterwards every row has both columns or
 * neither, never one. Checked over a raw connection.
 */
class FaultToleranceTest {
  private static final String RULES = "version: 1\nmoves:\n  - table: customer\n    from: email\n"
      + "    to: email_address\n    phase: expand\n";

  @TempDir
  Path dir;

  private TestDatabase customers(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "INSERT INTO customer VALUES (1, 'one@x', 'one@x')");
    return db;
  }

  private Connection tandem(TestDatabase db) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, RULES);
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString()));
  }

  /** Rows whose two columns disagree (NULL-safe), and the number of rows, over a raw connection. */
  private static long[] disagreeingAndTotal(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT SUM(CASE WHEN (email = email_address) OR (email IS NULL AND"
            + " email_address IS NULL) THEN 0 ELSE 1 END), COUNT(*) FROM customer")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rollback_afterRewrittenWrites_leavesNothingOfThem(Engine engine) throws Exception {
    try (TestDatabase db = customers(engine); Connection c = tandem(db)) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)");
          PreparedStatement update = c.prepareStatement("UPDATE customer SET email = ? WHERE id = ?")) {
        insert.setInt(1, 2);
        insert.setString(2, "two@x");
        insert.executeUpdate();
        update.setString(1, "changed@x");
        update.setInt(2, 1);
        update.executeUpdate();
      }
      c.rollback();
      assertThat(disagreeingAndTotal(db)).containsExactly(0, 1);
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 1")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("one@x");
        assertThat(rs.getString(2)).isEqualTo("one@x");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void statementTimeout_onARewrittenUpdate_changesNeitherColumn(Engine engine) throws Exception {
    try (TestDatabase db = customers(engine); Connection locker = db.openRaw(); Connection c = tandem(db)) {
      locker.setAutoCommit(false);
      try (Statement s = locker.createStatement()) {
        s.executeQuery("SELECT * FROM customer WHERE id = 1 FOR UPDATE").close();
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE customer SET email = ? WHERE id = ?")) {
        update.setQueryTimeout(1);
        update.setString(1, "late@x");
        update.setInt(2, 1);
        assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class);
      }
      locker.rollback();
      assertThat(disagreeingAndTotal(db)).containsExactly(0, 1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void connectionKilled_inTheMiddleOfABatch_leavesNoHalfWrittenRow(Engine engine) throws Exception {
    try (TestDatabase db = customers(engine); Connection locker = db.openRaw()) {
      // The locker holds an uncommitted row with the key the batch's 500th insert needs, so the
      // batch stops there, half done, until its connection is killed.
      locker.setAutoCommit(false);
      try (Statement s = locker.createStatement()) {
        s.executeUpdate("INSERT INTO customer VALUES (500, 'held@x', 'held@x')");
      }
      Connection c = tandem(db);
      long backend;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(engine == Engine.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")) {
        rs.next();
        backend = rs.getLong(1);
      }
      CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)")) {
          for (int id = 2; id <= 1000; id++) {
            insert.setInt(1, id);
            insert.setString(2, "user" + id + "@x");
            insert.addBatch();
          }
          insert.executeBatch();
        } catch (SQLException expected) {
          // the kill below
        }
      });
      Thread.sleep(500);
      assertThat(batch).as("the batch waits on the held key").isNotDone();
      try (Connection killer = db.openRaw(); Statement s = killer.createStatement()) {
        s.execute(engine == Engine.POSTGRESQL ? "SELECT pg_terminate_backend(" + backend + ")" : "KILL " + backend);
      }
      batch.get(30, TimeUnit.SECONDS);
      locker.rollback();
      try {
        c.close();
      } catch (SQLException ignored) {
        // already dead
      }
      long[] result = disagreeingAndTotal(db);
      // PostgreSQL commits the batch's first chunks (256 rows here) before it blocks; MariaDB runs it
      // as one bulk statement, rolled back whole. Either way no row has one column without the other.
      assertThat(result[0]).as("rows with one column written").isZero();
      assertThat(result[1]).as("the killed batch did not complete").isLessThan(1000);
    }
  }
}
