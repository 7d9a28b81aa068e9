package dev.tandem.metrics;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link TandemMetrics} on a Micrometer {@link MeterRegistry}. Only loaded when Micrometer is on the
 * class path ({@link Metrics#forRegistry(Object)}). Meters are looked up once and kept, so the
 * per-statement cost is a few counter increments.
 *
 * <ul>
 *   <li>{@code tandem.statements{outcome=rewritten|passed_through, kind}}: every statement seen,
 *       counted once (their sum is the number seen); refused ones are counted below
 *   <li>{@code tandem.statements.moves{move, kind}}: rewrites per move
 *   <li>{@code tandem.statements.refused{move, sent_anyway}}
 *   <li>{@code tandem.rewrite.time}: parse and rewrite time of statements not found in the plan cache
 *   <li>{@code tandem.plan.cache.size}, {@code tandem.plan.cache.requests{result=hit|miss}},
 *       {@code tandem.plan.cache.evictions}
 *   <li>{@code tandem.rules.reloads{source, result=ok|failed}}, {@code tandem.rules.revision{source}}
 * </ul>
 */
public final class MicrometerMetrics implements TandemMetrics {
  private final MeterRegistry registry;
  /** By statement kind (its enum constant's name); a kind's counters are registered when first seen. */
  private final Map<String, Counter> rewritten = new ConcurrentHashMap<>();
  private final Map<String, Counter> passedThrough = new ConcurrentHashMap<>();
  private final Counter passedThroughUnparsed;
  private final Map<String, Counter> byMove = new ConcurrentHashMap<>();
  private final Timer rewriteTime;
  private final Set<String> boundSources = ConcurrentHashMap.newKeySet();
  /**
   * The suppliers behind the rule-source and plan-cache meters. Micrometer holds a meter's state object
   * weakly; these lambdas have no other reference, so without this hold the meters would read NaN after
   * the first garbage collection.
   */
  private final java.util.List<Object> boundSuppliers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
    // The fast path's kind (StatementKind.UNPARSED), counted on every statement that names no moved table.
    passedThroughUnparsed = passedThrough("UNPARSED");
    rewriteTime = Timer.builder("tandem.rewrite.time").register(registry);
  }

  @Override
  public void passedThroughUnparsed() {
    passedThroughUnparsed.increment();
  }

  @Override
  public void planned(String kind, List<String> moves, boolean cacheHit, long nanos) {
    if (moves.isEmpty()) {
      passedThrough(kind).increment();
    } else {
      rewritten.computeIfAbsent(kind, k -> statements("rewritten", k)).increment();
      for (String move : moves) {
        byMove.computeIfAbsent(move + '\u0000' + kind,
            k -> registry.counter("tandem.statements.moves", "move", move, "kind", tag(kind)))
            .increment();
      }
    }
    if (!cacheHit) {
      rewriteTime.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void refused(String move, boolean sentAnyway) {
    registry.counter("tandem.statements.refused", "move", move == null ? "unknown" : move,
        "sent_anyway", Boolean.toString(sentAnyway)).increment();
  }

  @Override
  public void bindPlanCache(LongSupplier size, Supplier<CacheStats> stats) {
    boundSuppliers.addAll(java.util.List.of(size, stats));
    Gauge.builder("tandem.plan.cache.size", size, LongSupplier::getAsLong).register(registry);
    FunctionCounter.builder("tandem.plan.cache.requests", stats, s -> s.get().hitCount())
        .tag("result", "hit").register(registry);
    FunctionCounter.builder("tandem.plan.cache.requests", stats, s -> s.get().missCount())
        .tag("result", "miss").register(registry);
    FunctionCounter.builder("tandem.plan.cache.evictions", stats, s -> s.get().evictionCount())
        .register(registry);
  }

  private Counter passedThrough(String kind) {
    return passedThrough.computeIfAbsent(kind, k -> statements("passed_through", k));
  }

  private Counter statements(String outcome, String kind) {
    return registry.counter("tandem.statements", "outcome", outcome, "kind", tag(kind));
  }

  /** The kind tag: the kind's name in lower case. */
  private static String tag(String kind) {
    return kind.toLowerCase(Locale.ROOT);
  }

  @Override
  public void bindRuleSource(String source, LongSupplier revision, LongSupplier reloadsOk,
      LongSupplier reloadsFailed) {
    if (!boundSources.add(source)) {
      return;
    }
    boundSuppliers.addAll(java.util.List.of(revision, reloadsOk, reloadsFailed));
    Gauge.builder("tandem.rules.revision", revision, LongSupplier::getAsLong).tag("source", source)
        .register(registry);
    FunctionCounter.builder("tandem.rules.reloads", reloadsOk, LongSupplier::getAsLong)
        .tags("source", source, "result", "ok").register(registry);
    FunctionCounter.builder("tandem.rules.reloads", reloadsFailed, LongSupplier::getAsLong)
        .tags("source", source, "result", "failed").register(registry);
  }
}
