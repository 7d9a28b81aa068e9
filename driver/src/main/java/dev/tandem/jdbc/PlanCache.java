package dev.tandem.jdbc;

import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.SearchPath;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.tandem.dialect.Dialect;

/**
 * Plans by SQL text, rule-set revision and dialect (and, under rules with a move on a
 * schema-qualified table, the connection's {@link SearchPath}), bounded in size (Caffeine). Plans are immutable,
 * so one cache serves every connection that shares a rule source. A new rule set has a new
 * revision, so a reload never serves a stale plan and never blocks statements in flight: old
 * entries simply stop being asked for and are evicted. Where no move names a schema, a plan is
 * the same whatever the connection's current schema, and the key leaves the path out.
 *
 * <p>Plans expanded from table metadata ({@code INSERT} without columns, {@code SELECT *}) depend on
 * the table's columns in one particular database, so they are not cached here.
 */
public final class PlanCache {
  /** The default maximum number of plans. */
  public static final long DEFAULT_SIZE = 10_000;

  private final Cache<Key, RewritePlan> cache;
  /** Hits answered by a planner's own recent plans before this cache is asked: counted as hits here. */
  private final java.util.concurrent.atomic.LongAdder recentHits = new java.util.concurrent.atomic.LongAdder();

  public PlanCache(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("the plan cache size must not be negative: " + maximumSize);
    }
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
  }

  /** @param path the search path the plan was made for, or {@code null} when the plan does not depend on it */
  private record Key(String sql, long revision, Dialect dialect, SearchPath path) {}

  /** The cached plan, or {@code null}. */
  public RewritePlan get(String sql, long revision, Dialect dialect) {
    return get(sql, revision, dialect, null);
  }

  /**
   * The cached plan made for {@code path}, or {@code null}.
   *
   * @param path the connection's search path, or {@code null} when the rules name no schema
   */
  public RewritePlan get(String sql, long revision, Dialect dialect, SearchPath path) {
    return cache.getIfPresent(new Key(sql, revision, dialect, path));
  }

  /** Caches {@code plan} unless it depends on one database's table metadata. */
  public void put(long revision, Dialect dialect, RewritePlan plan) {
    put(revision, dialect, null, plan);
  }

  /** Caches {@code plan}, made for {@code path} ({@code null}: for any), unless it depends on table metadata. */
  public void put(long revision, Dialect dialect, SearchPath path, RewritePlan plan) {
    if (!plan.expandedFromMetadata()) {
      cache.put(new Key(plan.originalSql(), revision, dialect, path), plan);
    }
  }

  /** Drops every plan (used when table metadata may have changed). */
  public void clear() {
    cache.invalidateAll();
  }

  /** A planner answered a request for one of this cache's plans from its own recent plans. */
  void recordRecentHit() {
    recentHits.increment();
  }

  /** Hits (the planners' recent plans included), misses and evictions since the cache was made. */
  public CacheStats stats() {
    CacheStats own = cache.stats();
    return CacheStats.of(own.hitCount() + recentHits.sum(), own.missCount(), own.loadSuccessCount(),
        own.loadFailureCount(), own.totalLoadTime(), own.evictionCount(), own.evictionWeight());
  }

  /** Runs pending evictions now (Caffeine evicts in the background): for measuring the cache's bound. */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** The approximate number of cached plans. */
  public long size() {
    return cache.estimatedSize();
  }
}
