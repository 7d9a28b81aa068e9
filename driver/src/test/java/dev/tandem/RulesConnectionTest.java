package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A connection with {@code tandem.rules} set: rules loaded, checked against the schema, reloaded live. */
class RulesConnectionTest {
  private static final String RULES = "version: 1\nmoves:\n  - table: customer\n    from: email\n"
      + "    to: email_address\n    phase: %s\n";

  @TempDir
  Path dir;

  private Path rules(String phase) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, String.format(RULES, phase));
    return file;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void connect_withRulesThatFitTheSchema_loadsThem(Engine engine) throws Exception {
    Path file = rules("expand");
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString()))) {
        TandemConnection tandem = c.unwrap(TandemConnection.class);
        assertThat(tandem.planner().rules().moves()).singleElement()
            .satisfies(m -> assertThat(m.phase()).isEqualTo(Phase.EXPAND));
        assertThat(tandem.dialect()).isEqualTo(engine.dialect());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "H2")
  void connect_withABrokenRuleFile_namesFileAndLine(Engine engine) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "version: 1\nmoves:\n  - table: customer\n    from: email\n    to: email_address\n"
        + "    phse: expand\n");
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      assertThatThrownBy(() -> DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString())))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("broken.yaml:6")
          .hasMessageContaining("phse");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "H2")
  void openConnection_seesAnEditedRuleFile(Engine engine) throws Exception {
    Path file = rules("expand");
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      try (Connection c = DriverManager.getConnection(
          db.tandemUrl("tandem.rules", file.toString(), "tandem.reloadIntervalMs", "20"))) {
        TandemConnection tandem = c.unwrap(TandemConnection.class);
        long before = tandem.planner().rules().revision();
        Files.writeString(file, String.format(RULES, "migrated"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tandem.planner().rules().revision() == before && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(tandem.planner().rules().moves().get(0).phase()).isEqualTo(Phase.MIGRATED);
      }
    }
  }
}
