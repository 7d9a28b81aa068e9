package dev.tandem.rules;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread, {@value #THREAD_NAME}, that polls every watched rule file. Polling is a
 * few file-system calls per source and interval, so one thread serves any number of sources; being
 * a daemon, it never keeps an application from exiting. Created on first use.
 */
final class RuleWatcher {
  static final String THREAD_NAME = "tandem-rules-watcher";

  private static ScheduledThreadPoolExecutor executor;

  private RuleWatcher() {}

  static synchronized ScheduledFuture<?> schedule(Runnable poll, Duration interval) {
    if (executor == null) {
      executor = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
      });
      executor.setRemoveOnCancelPolicy(true);
    }
    long nanos = interval.toNanos();
    return executor.scheduleWithFixedDelay(poll, nanos, nanos, TimeUnit.NANOSECONDS);
  }
}
