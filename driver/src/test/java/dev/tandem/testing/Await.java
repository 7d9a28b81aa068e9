package dev.tandem.testing;

import java.time.Duration;

/** Waiting in tests for something a background thread does: polls a condition until it holds or time runs out. */
public final class Await {
  private Await() {}

  /** A condition that may throw (a query). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits until {@code condition} holds, at most {@code timeout}; fails naming {@code what} otherwise. */
  public static void until(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
