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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@link TandemMetrics} on a Micrometer {@link MeterRegistry}. Only loaded when Micrometer is on the
 * class path ({@link Metrics#forRegistry(Object)}). Meters are looked up once and kept, so the
 * per-statement cost is a few counter increments.
 *
 * <ul>
 *   <li>{@code tandem.statements{outcome=seen|rewritten|passed_through, kind}}
 *   <li>{@code tandem.statements.moves{move, kind}}: rewrites per move
 *   <li>{@code tandem.statements.refused{move, sent_anyway}}
 *   <li>{@code tandem.rewrite.time{cache=hit|miss}}
 *   <li>{@code tandem.plan.cache.size}, {@code tandem.plan.cache.requests{result=hit|miss}},
 *       {@code tandem.plan.cache.evictions}
 *   <li>{@code tandem.rules.reloads{result=ok|failed}}, {@code tandem.rules.revision{source}}
 * </ul>
 */
public final class MicrometerMetrics implements TandemMetrics {
  private final MeterRegistry registry;
  private final Map<StatementKind, Counter> seen = new EnumMap<>(StatementKind.class);
  private final Map<StatementKind, Counter> rewritten = new EnumMap<>(StatementKind.class);
  private final Map<StatementKind, Counter> passedThrough = new EnumMap<>(StatementKind.class);
  private final Map<String, Counter> byMove = new ConcurrentHashMap<>();
  private final Timer hitTime;
  private final Timer missTime;
  private final Counter reloadOk;
  private final Counter reloadFailed;

  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (StatementKind kind : StatementKind.values()) {
      String tag = TandemMetrics.tag(kind);
      seen.put(kind, registry.counter("tandem.statements", "outcome", "seen", "kind", tag));
      rewritten.put(kind, registry.counter("tandem.statements", "outcome", "rewritten", "kind", tag));
      passedThrough.put(kind, registry.counter("tandem.statements", "outcome", "passed_through", "kind", tag));
    }
    hitTime = Timer.builder("tandem.rewrite.time").tag("cache", "hit").register(registry);
    missTime = Timer.builder("tandem.rewrite.time").tag("cache", "miss").register(registry);
    reloadOk = registry.counter("tandem.rules.reloads", "result", "ok");
    reloadFailed = registry.counter("tandem.rules.reloads", "result", "failed");
  }

  @Override
  public void planned(RewritePlan plan, boolean cacheHit, long nanos) {
    StatementKind kind = plan.kind();
    seen.get(kind).increment();
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
    (cacheHit ? hitTime : missTime).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void refused(String move, boolean sentAnyway) {
    registry.counter("tandem.statements.refused", "move", move == null ? "unknown" : move,
        "sent_anyway", Boolean.toString(sentAnyway)).increment();
  }

  @Override
  public void reload(boolean ok) {
    (ok ? reloadOk : reloadFailed).increment();
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
  public void bindRuleRevision(String source, LongSupplier revision) {
    Gauge.builder("tandem.rules.revision", revision, r -> r.getAsLong()).tag("source", source).register(registry);
  }
}
