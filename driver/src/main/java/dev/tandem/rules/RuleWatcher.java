package dev.tandem.rules;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls every watched rule file and rule table, and renews instance leases. One daemon thread, {@value #THREAD_NAME}, keeps the schedule; the
 * polls themselves (file-system calls, a read, a check against the database) run on daemon reader
 * threads, at most one at a time per source. A file whose read hangs (a hung network mount) ties
 * up one reader thread, never the schedule, so every other rule file keeps being watched. Being
 * daemons, the threads never keep an application from exiting. Created on first use.
 */
public final class RuleWatcher {
  static final String THREAD_NAME = "tandem-rules-watcher";
  static final String READER_NAME = "tandem-rules-reader-";

  private static ScheduledThreadPoolExecutor scheduler;
  private static ExecutorService readers;

  private RuleWatcher() {}

  /**
   * Runs {@code poll} every {@code interval} on a reader thread, never two runs of it at once; a run still
   * going when the next is due makes that one skip. Cancel the returned future to stop.
   */
  public static synchronized ScheduledFuture<?> schedule(Runnable poll, Duration interval) {
    if (scheduler == null) {
      scheduler = new ScheduledThreadPoolExecutor(1, task -> daemon(task, THREAD_NAME));
      scheduler.setRemoveOnCancelPolicy(true);
      AtomicInteger number = new AtomicInteger();
      // Unbounded but idle threads die after a minute; a source has at most one poll in flight.
      readers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
          task -> daemon(task, READER_NAME + number.incrementAndGet()));
    }
    ExecutorService pool = readers;
    AtomicBoolean inFlight = new AtomicBoolean();
    Runnable dispatch = () -> {
      if (inFlight.compareAndSet(false, true)) {
        pool.execute(() -> {
          try {
            poll.run();
          } finally {
            inFlight.set(false);
          }
        });
      }
    };
    long nanos = interval.toNanos();
    return scheduler.scheduleWithFixedDelay(dispatch, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
