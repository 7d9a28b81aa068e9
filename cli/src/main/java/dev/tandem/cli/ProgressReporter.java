package dev.tandem.cli;

import dev.tandem.rules.MoveRule;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a backfill's progress: on a terminal a bar redrawn in place with {@code \r}
 * ({@code [#####.....] 5000/10000 rows  50%  2400 rows/s}), elsewhere (a log file, a CI job) a plain
 * line now and then, because carriage returns make a mess of logs.
 */
public final class ProgressReporter implements BackfillListener {
  private static final int BAR_WIDTH = 30;
  /** A terminal redraws at most this often, so that tiny batches do not flood it. */
  private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();
  /** A log gets a progress line at most this often. */
  private static final long LOG_NANOS = Duration.ofSeconds(5).toNanos();

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private long total;
  private long startNanos;
  private long lastShownNanos;
  private int lastBarLength;

  /**
   * @param terminal whether {@code out} is a terminal ({@code System.console() != null})
   * @param nanoClock the time in nanoseconds, {@link System#nanoTime()} outside tests
   */
  public ProgressReporter(PrintWriter out, boolean terminal, LongSupplier nanoClock) {
    this.out = out;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
  }

  /** A reporter on {@code out} with the system clock. */
  public static ProgressReporter on(PrintWriter out, boolean terminal) {
    return new ProgressReporter(out, terminal, System::nanoTime);
  }

  @Override
  public void started(MoveRule move, BackfillDirection direction, long lacking) {
    total = lacking;
    startNanos = nanoClock.getAsLong();
    lastShownNanos = startNanos;
    lastBarLength = 0;
    out.println(move.describe() + ": filling " + direction.target(move) + " (" + direction.name().toLowerCase(Locale.ROOT)
        + "), " + lacking + " rows lack it");
    out.flush();
  }

  @Override
  public void batchDone(MoveRule move, long filled, int batches) {
    long now = nanoClock.getAsLong();
    if (now - lastShownNanos < (terminal ? REDRAW_NANOS : LOG_NANOS)) {
      return;
    }
    lastShownNanos = now;
    if (terminal) {
      drawBar(filled, now);
    } else {
      out.println(move.describe() + ": " + progress(filled, now) + ", " + batches + " batches");
    }
    out.flush();
  }

  @Override
  public void finished(MoveRule move, Backfill.Result result) {
    long now = nanoClock.getAsLong();
    if (terminal) {
      drawBar(result.filled(), now);
      out.println();
    }
    out.println(move.describe() + ": filled " + result.filled() + " rows in " + result.batches() + " batches, "
        + result.passes() + (result.passes() == 1 ? " pass, " : " passes, ") + seconds(now - startNanos) + " s ("
        + rate(result.filled(), now - startNanos) + " rows/s)"
        + (result.stillLacking() > 0 ? "; " + result.stillLacking() + " rows still lack it" : ""));
    out.flush();
  }

  /** {@code [#####.....] 5000/10000 rows  50%  2400 rows/s}, in place of the one before. */
  private void drawBar(long filled, long now) {
    // Writers may add rows while the backfill runs, so the total grows with what was filled.
    long shownTotal = Math.max(total, filled);
    int done = shownTotal == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * filled / shownTotal);
    String bar = "[" + "#".repeat(done) + ".".repeat(BAR_WIDTH - done) + "] " + progress(filled, now);
    // A shorter line than the last (the rate lost a digit) must blank out what it does not cover.
    out.print("\r" + bar + " ".repeat(Math.max(0, lastBarLength - bar.length())));
    lastBarLength = bar.length();
  }

  private String progress(long filled, long now) {
    long shownTotal = Math.max(total, filled);
    long percent = shownTotal == 0 ? 100 : 100 * filled / shownTotal;
    return filled + "/" + shownTotal + " rows  " + percent + "%  " + rate(filled, now - startNanos) + " rows/s";
  }

  private static long rate(long rows, long nanos) {
    return nanos <= 0 ? 0 : rows * 1_000_000_000L / nanos;
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
