package dev.tandem.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;

/**
 * {@code tandem demo}: walks one column move through expand, backfill, migrated and contract on
 * embedded H2, with an old and a new application version running through Tandem, and prints what
 * was rewritten. Needs nothing but the {@code -cli} jar.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Walks the conversation.last_message_id -> last_message_at move (rules-examples/"
          + "conversation-last-message-at.yaml) through expand, backfill, migrated and contract on an embedded"
          + " H2 database, with an old and a new application version reading and writing through Tandem,"
          + " editing the rule file as an operator would. Prints each statement as the application wrote it"
          + " and as the database received it, and ends with a consistency check of every row.",
      "Exit code 0 when every row is consistent, 1 otherwise."
    })
final class DemoCommand extends TandemCommand {

  /** Held so the logger and its level are not garbage-collected while the demo runs. */
  private static final Logger TANDEM_LOG = Logger.getLogger("dev.tandem");

  @Override
  protected int execute() throws Exception {
    // The narrated timeline says when rules reload; the driver's own log lines would interleave.
    TANDEM_LOG.setLevel(Level.WARNING);
    Path dir = Files.createTempDirectory("tandem-demo");
    try {
      int inconsistent = new Demo(out(), dir).run();
      out().flush();
      return inconsistent == 0 ? TandemCli.OK : TandemCli.PROBLEMS;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
