package dev.tandem.metrics;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What Tandem counts (SPEC §8). The driver calls these on every statement, so implementations must
 * be cheap; {@link #NOOP} is used when Micrometer is not on the class path. Parameter values are
 * never passed here, so they can never be recorded. What is counted arrives as plain values (a kind's
 * name, move names, suppliers), so this package uses nothing of {@code rewrite}.
 */
public interface TandemMetrics {

  /** Records nothing. */
  TandemMetrics NOOP = new TandemMetrics() {};

  /** A statement named no moved table and was sent as written, unparsed (the fast path). */
  default void passedThroughUnparsed() {}

  /**
   * A statement was planned (from the cache or not).
   *
   * @param kind the plan's statement kind, as its enum constant's name ({@code "SELECT"}, {@code "INSERT"}, …)
   * @param movesApplied the names of the moves that rewrote it; empty when it is sent as written
   */
  default void planned(String kind, List<String> movesApplied, boolean cacheHit, long nanos) {}

  /** A statement was refused (SQLState 0A000), or sent anyway under {@code onUnparseable=passthrough}. */
  default void refused(String move, boolean sentAnyway) {}

  /** Reports a plan cache's size, hits, misses and evictions. */
  default void bindPlanCache(LongSupplier size, Supplier<CacheStats> stats) {}

  /**
   * Reports a rule source: its active revision and its reloads, ok and failed. Binding the same
   * source twice is harmless.
   */
  default void bindRuleSource(String source, LongSupplier revision, LongSupplier reloadsOk,
      LongSupplier reloadsFailed) {}
}
