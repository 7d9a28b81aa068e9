package dev.tandem.metrics;

import dev.tandem.rewrite.PlanCache;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.StatementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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
  private final Map<StatementKind, Counter> rewritten = new EnumMap<>(StatementKind.class);
  private final Map<StatementKind, Counter> passedThrough = new EnumMap<>(StatementKind.class);
  private final Map<String, Counter> byMove = new ConcurrentHashMap<>();
  private final Timer rewriteTime;
  private final Set<String> boundSources = ConcurrentHashMap.newKeySet();
  /**
   * The suppliers behind the rule-source meters. Micrometer holds a meter's state object weakly; these
   * lambdas have no other reference, so without this hold the meters would read NaN after the first
   * garbage collection.
   */
  private final java.util.List<LongSupplier> boundSuppliers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (StatementKind kind : StatementKind.values()) {
      String tag = TandemMetrics.tag(kind);
      rewritten.put(kind, registry.counter("tandem.statements", "outcome", "rewritten", "kind", tag));
      passedThrough.put(kind, registry.counter("tandem.statements", "outcome", "passed_through", "kind", tag));
    }
    rewriteTime = Timer.builder("tandem.rewrite.time").register(registry);
  }

  @Override
  public void passedThroughUnparsed() {
    passedThrough.get(StatementKind.UNPARSED).increment();
  }

  @Override
  public void planned(RewritePlan plan, boolean cacheHit, long nanos) {
    StatementKind kind = plan.kind();
    List<String> moves = plan.movesApplied();
    if (moves.isEmpty()) {
      passedThrough.get(kind).increment();
    } else {
      rewritten.get(kind).increment();
      for (String move : moves) {
        byMove.computeIfAbsent(move + '\u0000' + kind,
            k -> registry.counter("tandem.statements.moves", "move", move, "kind", TandemMetrics.tag(kind)))
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
  public void bindPlanCache(PlanCache cache) {
    Gauge.builder("tandem.plan.cache.size", cache, PlanCache::size).register(registry);
    FunctionCounter.builder("tandem.plan.cache.requests", cache, c -> c.stats().hitCount())
        .tag("result", "hit").register(registry);
    FunctionCounter.builder("tandem.plan.cache.requests", cache, c -> c.stats().missCount())
        .tag("result", "miss").register(registry);
    FunctionCounter.builder("tandem.plan.cache.evictions", cache, c -> c.stats().evictionCount())
        .register(registry);
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
