package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code tandem.statementLog=true}: what the application sent and what Tandem sent, never a bound value. */
class StatementLogTest {
  private static final String VALUE = "bound-4711@example.com";

  @TempDir
  Path dir;

  /** Runs {@code work} with the statement logger captured (through JUL, the JDK's default backend). */
  private static List<String> logged(ThrowingRunnable work) throws Exception {
    Logger logger = Logger.getLogger(StatementLog.LOGGER_NAME);
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
    try {
      work.run();
    } finally {
      logger.removeHandler(capture);
      logger.setLevel(before);
    }
    return lines;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private String url(TestDatabase db, String log) throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "version: 1\nmoves:\n  - name: customer-email\n"
        + "    table: customer\n    from: email\n    to: email_address\n    phase: expand\n");
    return db.tandemUrl("tandem.rules", rules.toString(), "tandem.statementLog", log);
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL"})
  void statementLog_on_showsBothSqlsTheMoveAndTheParameterMap_neverAValue(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      String url = url(db, "true");

      List<String> lines = logged(() -> {
        try (Connection c = DriverManager.getConnection(url);
            PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)");
            Statement s = c.createStatement()) {
          insert.setInt(1, 1);
          insert.setString(2, VALUE);
          insert.executeUpdate();
          s.execute("SELECT 1");
        }
      });

      assertThat(lines).anySatisfy(line -> assertThat(line)
          .startsWith("INFO insert rewritten by customer-email: INSERT INTO customer (id, email) VALUES (?, ?) => sent: ")
          .contains("email_address").contains("; parameters {1->[1], 2->[2, 3]}"));
      assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("INFO unparsed sent as written: SELECT 1"));
      assertThat(String.join("\n", lines)).doesNotContain(VALUE);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "H2")
  void statementLog_offByDefault_logsNothing(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      String url = url(db, "false");

      List<String> lines = logged(() -> {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO customer (id, email) VALUES (1, 'a@x')");
        }
      });

      assertThat(lines).isEmpty();
    }
  }
}
