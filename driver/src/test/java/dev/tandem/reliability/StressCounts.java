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
 * database asked for (deadlocks), mismatches with their first messages, and the unexpected
 * throwables that ended a thread (each one fails the test).
 */
final class StressCounts {
  private static final int KEPT_FAILURES = 20;

  private final Map<String, LongAdder> operations = new ConcurrentHashMap<>();
  private final LongAdder failures = new LongAdder();
  private final Queue<String> failureMessages = new ConcurrentLinkedQueue<>();
  private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

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

  /** A throwable nobody expected, which ended {@code thread}: kept whole, for the test's report. */
  void error(String thread, Throwable e) {
    errors.add(new AssertionError(thread + " died: " + e, e));
  }

  Queue<Throwable> errors() {
    return errors;
  }

  /** The names of every counter that has counted. */
  java.util.Set<String> kinds() {
    return new TreeMap<>(operations).keySet();
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
