package dev.tandem.rewrite;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.parser.CCJSqlParser;

/**
 * Bounds how long a parse may take without a thread per parse and without scheduling a task per
 * parse: each parsing thread owns one {@link Watch} slot (a deadline and the parser in flight), and
 * one daemon thread sweeps the slots every {@value #SWEEP_MILLIS} ms, setting JSqlParser's
 * {@code interrupted} flag on any parse past its deadline. Starting and ending a watch is two
 * volatile writes, which keeps the parse-time bound out of the cold rewrite's cost.
 */
final class ParseWatchdog {
  static final long SWEEP_MILLIS = 50;

  private static final Set<Watch> WATCHES = ConcurrentHashMap.newKeySet();
  private static final ThreadLocal<Watch> MINE = ThreadLocal.withInitial(ParseWatchdog::register);

  static {
    Thread sweeper = new Thread(ParseWatchdog::sweepForever, "tandem-parse-watchdog");
    sweeper.setDaemon(true);
    sweeper.start();
  }

  private ParseWatchdog() {}

  /** One thread's slot. */
  static final class Watch {
    private final WeakReference<Thread> owner;
    private volatile CCJSqlParser parser;
    private volatile long deadline;

    private Watch(Thread owner) {
      this.owner = new WeakReference<>(owner);
    }

    /** The parse ended (one way or another): nothing to interrupt any more. */
    void done() {
      parser = null;
    }
  }

  /** Watches {@code parser}, parsing on this thread, for {@code timeoutMillis}. */
  static Watch watch(CCJSqlParser parser, long timeoutMillis) {
    Watch watch = MINE.get();
    watch.deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    watch.parser = parser;
    return watch;
  }

  private static Watch register() {
    Watch watch = new Watch(Thread.currentThread());
    WATCHES.add(watch);
    return watch;
  }

  private static void sweepForever() {
    while (true) {
      try {
        Thread.sleep(SWEEP_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Watch watch : WATCHES) {
        CCJSqlParser parser = watch.parser;
        if (parser != null && now - watch.deadline > 0) {
          parser.interrupted = true;
        }
        if (watch.owner.get() == null) {
          WATCHES.remove(watch); // its thread is gone
        }
      }
    }
  }
}
