package dev.tandem.metrics;

import dev.tandem.rewrite.PlanCache;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.StatementKind;
import java.util.function.LongSupplier;

/**
 * What Tandem counts (SPEC §8). The driver calls these on every statement, so implementations must
 * be cheap; {@link #NOOP} is used when Micrometer is not on the class path. Parameter values are
 * never passed here, so they can never be recorded.
 */
public interface TandemMetrics {

  /** Records nothing. */
  TandemMetrics NOOP = new TandemMetrics() {};

  /** A statement named no moved table and was sent as written, unparsed (the fast path). */
  default void passedThroughUnparsed() {}

  /** A statement was planned (from the cache or not), with the plan it got. */
  default void planned(RewritePlan plan, boolean cacheHit, long nanos) {}

  /** A statement was refused (SQLState 0A000), or sent anyway under {@code onUnparseable=passthrough}. */
  default void refused(String move, boolean sentAnyway) {}

  /** Reports a plan cache's size, hits, misses and evictions. */
  default void bindPlanCache(PlanCache cache) {}

  /**
   * Reports a rule source: its active revision and its reloads, ok and failed. Binding the same
   * source twice is harmless.
   */
  default void bindRuleSource(String source, LongSupplier revision, LongSupplier reloadsOk,
      LongSupplier reloadsFailed) {}

  /** The kind tag for metrics: lower case. */
  static String tag(StatementKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
