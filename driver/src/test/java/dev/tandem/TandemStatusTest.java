package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleSource;
import dev.tandem.rules.RuleSourceRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TandemStatusTest {
  private static final String MOVE = """
      version: 1
      moves:
        - name: customer-email
          table: customer
          from: email
          to: email_address
          phase: %s
      """;

  @TempDir
  Path dir;

  private static JdbcDataSource h2(String name) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @Test
  void noRules_isHealthyAndListsNothing() throws Exception {
    TandemStatus status = TandemDataSource.wrap(h2("status-none")).status();
    assertThat(status.rules()).isNull();
    assertThat(status.moves()).isEmpty();
    assertThat(status.healthy()).isTrue();
  }

  @Test
  void rules_listsMovesAndPhases_thenARejectedEditAndItsReason() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, MOVE.formatted("expand"));
    JdbcDataSource h2 = h2("status-rules");
    try (Connection raw = h2.getConnection(); Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
    }
    TandemDataSource ds = TandemDataSource.wrap(h2).rules(file.toString());
    try (Connection c = ds.getConnection()) {
      TandemStatus status = ds.status();
      assertThat(status.loaded()).isTrue();
      assertThat(status.revision()).isPositive();
      assertThat(status.moves()).containsExactly(
          new TandemStatus.Move("customer-email", "customer", "email", "email_address", "expand"));
      assertThat(status.healthy()).isTrue();

      Files.writeString(file, "version: 1\nmoves:\n  - name: [broken\n");
      try (RuleSourceRegistry.Lease lease = RuleSourceRegistry.shared().acquire(file.toString(),
          RuleSource.DEFAULT_POLL_INTERVAL)) {
        assertThatThrownBy(() -> lease.source().reload()).isInstanceOf(RuleFileException.class);
      }
      // While connections use the rules, the last good rule set stays in use and the status says why.
      TandemStatus after = ds.status();
      assertThat(after.loaded()).isTrue();
      assertThat(after.moves()).extracting(TandemStatus.Move::phase).containsExactly("expand");
      assertThat(after.reloadsRejected()).isPositive();
      assertThat(after.error()).isNotNull();
      assertThat(after.healthy()).isFalse();
    }
    // With no connection borrowed, the data source still holds its rules: the last good ones stay in force.
    assertThat(ds.status().loaded()).isTrue();
    assertThat(ds.status().error()).isNotNull();
  }

  @Test
  void tableRenames_areListedWithTheirPhase() throws Exception {
    Path file = dir.resolve("rename.yaml");
    Files.writeString(file, "version: 1\nmoves:\n  - name: conversation-to-thread\n    table: conversation\n"
        + "    rename_to: thread\n    phase: expand\n");
    JdbcDataSource h2 = h2("status-rename");
    try (Connection raw = h2.getConnection(); Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE conversation (id INT PRIMARY KEY)");
    }
    TandemDataSource ds = TandemDataSource.wrap(h2).rules(file.toString());
    try (Connection c = ds.getConnection()) {
      TandemStatus status = ds.status();
      assertThat(status.moves()).isEmpty();
      assertThat(status.renames()).containsExactly(
          new TandemStatus.Rename("conversation-to-thread", "conversation", "thread", "expand"));
    }
  }

  @Test
  void moveTheSchemaDoesNotFit_isBlockedWithTheReason() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, MOVE.formatted("expand"));
    TandemDataSource ds = TandemDataSource.wrap(h2("status-blocked")).rules(file.toString());
    try (Connection c = ds.getConnection()) {
      TandemStatus status = ds.status();
      assertThat(status.blocked()).containsOnlyKeys("customer-email");
      assertThat(status.blocked().get("customer-email")).containsIgnoringCase("customer");
      assertThat(status.healthy()).isFalse();
    }
  }

  @Test
  void unreadableRules_isNotLoadedAndSaysWhy() throws Exception {
    Path file = dir.resolve("missing.yaml");
    TandemStatus status = TandemDataSource.wrap(h2("status-missing")).rules(file.toString()).status();
    assertThat(status.loaded()).isFalse();
    assertThat(status.error()).contains("missing.yaml");
    assertThat(status.healthy()).isFalse();
  }
}
