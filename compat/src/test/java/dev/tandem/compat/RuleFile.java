package dev.tandem.compat;

import static org.assertj.core.api.Assertions.fail;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * The scenario's rule file: the moves of {@code rules-examples/customer-email-rename.yaml} and
 * {@code rules-examples/product-price-type-change.yaml}, as shipped, at one phase; or no moves at all
 * before the expand migration. Changed the way an operator changes it (an atomic replace), and
 * picked up by Tandem's live reload.
 */
final class RuleFile {
  /** How often Tandem polls the file in these tests (the default is 2 s). */
  static final String RELOAD_INTERVAL_MS = "50";
  private static final List<String> EXAMPLES =
      List.of("customer-email-rename.yaml", "product-price-type-change.yaml");
  private static final long AWAIT_MILLIS = 10_000;

  private final Path path;

  RuleFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Writes a rule file without moves: Tandem passes every statement through. */
  void writeNoMoves() throws IOException {
    replace("version: 1\nmoves: []\n");
  }

  /** Writes both example moves at {@code phase}. */
  void write(Phase phase) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nmoves:\n");
    for (String example : EXAMPLES) {
      yaml.append(movesOf(example).replace("phase: expand", "phase: " + phase.yamlName()));
    }
    replace(yaml.toString());
  }

  /**
   * Waits until the rules Tandem applies to new statements on {@code tandemUrl} are those of the
   * file: every move at {@code phase}, or none when {@code phase} is null. Connections to one rule
   * file share one rule source, so a connection of our own sees what the application's pool sees.
   */
  static void awaitInForce(String tandemUrl, Phase phase) throws SQLException, InterruptedException {
    long deadline = System.currentTimeMillis() + AWAIT_MILLIS;
    try (Connection c = DriverManager.getConnection(tandemUrl)) {
      TandemConnection tandem = c.unwrap(TandemConnection.class);
      while (!inForce(tandem.planner().rules(), phase)) {
        if (System.currentTimeMillis() > deadline) {
          fail("rules at phase %s not in force after %d ms: %s", phase, AWAIT_MILLIS, tandem.planner().rules());
        }
        Thread.sleep(20);
      }
    }
  }

  private static boolean inForce(RuleSet rules, Phase phase) {
    if (phase == null) {
      return rules.isEmpty();
    }
    return rules.moves().size() == EXAMPLES.size() && rules.moves().stream().map(MoveRule::phase).allMatch(phase::equals);
  }

  /** The lines from {@code moves:} on (exclusive) of a shipped example. */
  private static String movesOf(String example) throws IOException {
    Path file = Path.of(System.getProperty("tandem.rulesExamples", "../rules-examples"), example);
    String text = Files.readString(file);
    int moves = text.indexOf("\nmoves:\n");
    if (moves < 0 || !text.contains("phase: expand")) {
      throw new IllegalStateException(file + " no longer has the shape this test expects (moves: … phase: expand)");
    }
    return text.substring(moves + "\nmoves:\n".length());
  }

  private void replace(String content) throws IOException {
    Path next = path.resolveSibling(path.getFileName() + ".next");
    Files.writeString(next, content);
    Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
