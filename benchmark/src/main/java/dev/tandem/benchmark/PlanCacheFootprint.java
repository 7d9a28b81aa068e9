package dev.tandem.benchmark;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.jdbc.PlanCache;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan cache's retained heap against the number of distinct statements planned into it (10 to
 * 1,000,000), with the default bound of {@link PlanCache#DEFAULT_SIZE} plans: past the bound the
 * memory must stay flat. Each statement is a distinct rewritten SELECT of the moved column (a
 * Hibernate-shaped read with a distinct literal), planned by the real rewriter and put in a fresh
 * cache; retained heap is the used heap after full collections, minus the same with an empty cache.
 * Not a JMH benchmark (it measures memory, not time): {@code benchmark/run.sh} runs it and writes
 * {@code benchmark/results/<mode>-plan-cache.json}, which {@code chart.py} draws.
 *
 * <p>Run: {@code java -cp benchmark/target/benchmarks.jar dev.tandem.benchmark.PlanCacheFootprint out.json [max]}.
 */
public final class PlanCacheFootprint {
  private PlanCacheFootprint() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "plan-cache.json");
    long max = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    RuleSet rules = RuleFileLoader.load("classpath:bench/conversation-rename.yaml");
    MoveRewriter rewriter = new MoveRewriter();
    List<String> rows = new ArrayList<>();
    fill(new PlanCache(PlanCache.DEFAULT_SIZE), rewriter, rules, 2_000); // loads and compiles what planning needs
    for (long n = 10; n <= max; n *= 10) {
      PlanCache cache = new PlanCache(PlanCache.DEFAULT_SIZE);
      long empty = retained();
      long start = System.nanoTime();
      fill(cache, rewriter, rules, n);
      long bytes = retained() - empty;
      double seconds = (System.nanoTime() - start) / 1e9;
      rows.add(String.format("  {\"statements\": %d, \"cachedPlans\": %d, \"retainedBytes\": %d, \"bound\": %d}",
          n, cache.size(), bytes, PlanCache.DEFAULT_SIZE));
      System.out.printf("%,10d statements: %,6d plans cached, %,12d bytes retained (%.1f s)%n", n, cache.size(), bytes,
          seconds);
      if (cache.size() < 0) {
        System.out.println(cache); // keeps the cache reachable until measured
      }
    }
    write(out, "[\n" + String.join(",\n", rows) + "\n]\n");
  }

  /** Plans {@code n} distinct statements into {@code cache}. */
  private static void fill(PlanCache cache, MoveRewriter rewriter, RuleSet rules, long n) throws Exception {
    for (long i = 0; i < n; i++) {
      String sql = "select c1_0.id,c1_0.subject,c1_0.version from conversation c1_0 where c1_0.id=" + i
          + " and c1_0.version>=?";
      RewritePlan plan = rewriter.rewrite(sql, rules, Dialect.H2, TableColumns.NONE);
      cache.put(rules.revision(), Dialect.H2, plan);
    }
    cache.cleanUp();
  }

  /** Used heap after the collector has run until it no longer shrinks. */
  private static long retained() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= previous) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  private static void write(Path out, String json) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, json);
  }
}
