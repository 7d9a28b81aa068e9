package dev.tandem.reliability;

import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the stress run did, counted by every thread: operations by kind, rule reloads, retries the
 * database asked for (deadlocks), and failures with their first messages.
 */
final class StressCounts {
  private static final int KEPT_FAILURES = 20;

  private final Map<String, LongAdder> operations = new ConcurrentHashMap<>();
  private final LongAdder failures = new LongAdder();
  private final Queue<String> failureMessages = new ConcurrentLinkedQueue<>();

  void count(String kind) {
    operations.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long get(String kind) {
    LongAdder adder = operations.get(kind);
    return adder == null ? 0 : adder.sum();
  }

  void fail(String what) {
    failures.increment();
    if (failureMessages.size() < KEPT_FAILURES) {
      failureMessages.add(what);
    }
  }

  long failures() {
    return failures.sum();
  }

  Queue<String> failureMessages() {
    return failureMessages;
  }

  /** Every counter, sorted by name: {@code insert=… update=…}. */
  String summary() {
    return new TreeMap<>(operations).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().sum())
        .collect(Collectors.joining(" "));
  }
}
