package dev.tandem.rewrite;

/**
 * Milliseconds, advanced by one daemon thread every {@value #TICK_MILLIS} ms: what a hot path reads (one
 * volatile load) to tell whether an interval of seconds has passed, where {@link System#nanoTime()}'s
 * precision is not needed and its cost (tens of nanoseconds on a virtual machine's clock source) is
 * paid on every statement.
 */
final class CoarseClock {
  static final long TICK_MILLIS = 100;

  private static volatile long millis = System.nanoTime() / 1_000_000L;

  static {
    Thread ticker = new Thread(CoarseClock::tickForever, "tandem-coarse-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  private CoarseClock() {}

  /** Milliseconds on a monotonic scale of its own, at most {@value #TICK_MILLIS} ms behind. */
  static long millis() {
    return millis;
  }

  private static void tickForever() {
    while (true) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      millis = System.nanoTime() / 1_000_000L;
    }
  }
}
