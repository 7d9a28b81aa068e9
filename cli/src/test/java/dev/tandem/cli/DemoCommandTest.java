package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's first command: the demo runs on embedded H2 with nothing set up, and ends consistent. */
class DemoCommandTest {

  @Test
  void demo_walksTheMoveAndEndsConsistent() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new TandemCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("demo");

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        // Computed values have their column's declared type (SPEC §2): the bound id a BIGINT, the fallback a TIMESTAMP(6).
        .contains("db:  UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m WHERE m.id ="
            + " CAST(? AS BIGINT)), last_message_id = ? WHERE id = ?")
        .contains("db:  SELECT id, subject, COALESCE(last_message_at, CAST((SELECT m.sent_at FROM message m WHERE m.id ="
            + " conversation.last_message_id) AS TIMESTAMP(6))) AS last_message_at FROM conversation ORDER BY id")
        .contains("| id=2 | subject=conversation 2 | last_message_at=2026-01-02 09:00:00 |")
        .contains("picked up phase: migrated by themselves")
        .contains("picked up phase: contract by themselves")
        .contains("db:  UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m WHERE m.id ="
            + " CAST(? AS BIGINT)) WHERE id = ?")
        .contains("refused (0A000): move conversation-last-message-at")
        .contains("4 conversations; 0 whose last_message_at is missing");
  }
}
