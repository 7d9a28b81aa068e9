package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rules.MoveRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong clock = new AtomicLong();

  private ProgressReporter reporter(boolean terminal) {
    return new ProgressReporter(new PrintWriter(text), terminal, clock::get);
  }

  private void after(Duration elapsed) {
    clock.addAndGet(elapsed.toNanos());
  }

  @Test
  void terminal_redrawsABarInPlace() throws Exception {
    MoveRule move = MoveTables.move("customer-email-rename.yaml");
    ProgressReporter progress = reporter(true);

    progress.started(move, BackfillDirection.FORWARD, 1000);
    after(Duration.ofSeconds(1));
    progress.batchDone(move, 250, 1);
    after(Duration.ofMillis(10));
    progress.batchDone(move, 260, 2);
    after(Duration.ofSeconds(1));
    progress.finished(move, new Backfill.Result(1000, 4, 2, 0, Duration.ofSeconds(2)));

    assertThat(text.toString()).isEqualTo(
        "move customer.email->email_address: filling email_address (forward), 1000 rows lack it\n"
            + "\r[#######.......................] 250/1000 rows  25%  250 rows/s"
            + "\r[##############################] 1000/1000 rows  100%  497 rows/s\n"
            + "move customer.email->email_address: filled 1000 rows in 4 batches, 2 passes, 2.0 s (497 rows/s)\n");
  }

  @Test
  void log_printsAPlainLineEveryFewSeconds() throws Exception {
    MoveRule move = MoveTables.move("customer-email-rename.yaml");
    ProgressReporter progress = reporter(false);

    progress.started(move, BackfillDirection.BACKWARD, 10);
    after(Duration.ofSeconds(1));
    progress.batchDone(move, 5, 1);
    after(Duration.ofSeconds(5));
    progress.batchDone(move, 12, 3);
    progress.finished(move, new Backfill.Result(12, 3, 1, 0, Duration.ofSeconds(6)));

    assertThat(text.toString()).doesNotContain("\r").isEqualTo(
        "move customer.email->email_address: filling email (backward), 10 rows lack it\n"
            + "move customer.email->email_address: 12/12 rows  100%  2 rows/s, 3 batches\n"
            + "move customer.email->email_address: filled 12 rows in 3 batches, 1 pass, 6.0 s (2 rows/s)\n");
  }
}
