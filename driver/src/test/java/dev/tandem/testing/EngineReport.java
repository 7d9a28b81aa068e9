package dev.tandem.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a module's test run, how many tests ran, passed, failed and were skipped on
 * each engine, so that an engine skipped for want of a database shows on the console and not only
 * in the XML reports. A test belongs to an engine when its name or one of its ancestors' names (the
 * display name or the unique id: a parameterised test over {@link Engine} has the engine in both)
 * names it; other tests are counted as engine-free. Registered for the JUnit Platform through
 * {@code META-INF/services} (and so also in every module that has the driver's test jar).
 *
 * <p>It writes to the JVM's own standard error, not {@code System.out}: Surefire redirects test
 * output to files, and the summary must reach the console.
 */
public final class EngineReport implements TestExecutionListener {
  /** The engine a test runs on, or none. */
  enum Bucket {
    H2("(?i)\\bh2\\b"),
    POSTGRESQL("(?i)postgres"),
    MARIADB("(?i)maria"),
    NONE("$^");

    private final Pattern pattern;

    Bucket(String regex) {
      this.pattern = Pattern.compile(regex);
    }

    boolean names(String text) {
      return pattern.matcher(text).find();
    }
  }

  /** Counts of one bucket. */
  static final class Counts {
    long passed;
    long failed;
    long skipped;
    long skippedContainers;
    final List<String> skipReasons = new ArrayList<>();

    long ran() {
      return passed + failed;
    }
  }

  private final Map<Bucket, Counts> counts = new EnumMap<>(Bucket.class);
  private TestPlan plan;

  public EngineReport() {
    for (Bucket bucket : Bucket.values()) {
      counts.put(bucket, new Counts());
    }
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (!test.isTest()) {
      return;
    }
    Counts c = counts.get(bucketOf(test));
    switch (result.getStatus()) {
      case SUCCESSFUL -> c.passed++;
      case FAILED -> c.failed++;
      case ABORTED -> {
        c.skipped++;
        result.getThrowable().map(Throwable::getMessage).ifPresent(m -> reason(c, m));
      }
      default -> throw new IllegalStateException(result.getStatus().name());
    }
  }

  @Override
  public synchronized void executionSkipped(TestIdentifier test, String reason) {
    Counts c = counts.get(bucketOf(test));
    if (test.isTest()) {
      c.skipped++;
    } else {
      c.skippedContainers++;
    }
    reason(c, reason);
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    report(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
  }

  /** Writes the summary table to {@code out}. */
  synchronized void report(PrintStream out) {
    String module = Optional.ofNullable(Path.of(System.getProperty("user.dir")).getFileName())
        .map(Path::toString).orElse("?");
    out.println();
    out.println("Tandem tests by engine, module " + module + ":");
    out.println(String.format(Locale.ROOT, "  %-11s %6s %6s %6s %8s", "engine", "ran", "passed", "failed", "skipped"));
    for (Map.Entry<Bucket, Counts> e : counts.entrySet()) {
      Counts c = e.getValue();
      String name = e.getKey() == Bucket.NONE ? "(no engine)" : e.getKey().name();
      String containers = c.skippedContainers == 0 ? "" : " + " + c.skippedContainers + " classes";
      out.println(String.format(Locale.ROOT, "  %-11s %6d %6d %6d %8d%s", name, c.ran(), c.passed, c.failed,
          c.skipped, containers));
    }
    for (Map.Entry<Bucket, Counts> e : counts.entrySet()) {
      Counts c = e.getValue();
      if (e.getKey() != Bucket.NONE && (c.skipped > 0 || c.skippedContainers > 0)) {
        out.println("  WARNING: " + e.getKey() + ": " + c.skipped + " tests" + (c.skippedContainers > 0
            ? " and " + c.skippedContainers + " classes" : "") + " skipped, e.g. " + c.skipReasons);
      }
    }
    out.println();
  }

  /** The counts of {@code bucket}, for tests. */
  synchronized Counts counts(Bucket bucket) {
    return counts.get(bucket);
  }

  private Bucket bucketOf(TestIdentifier test) {
    for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent();
        at = plan == null ? Optional.empty() : plan.getParent(at.get())) {
      String text = at.get().getDisplayName() + " " + lastSegment(at.get().getUniqueId());
      for (Bucket bucket : Bucket.values()) {
        if (bucket.names(text)) {
          return bucket;
        }
      }
    }
    return Bucket.NONE;
  }

  private static String lastSegment(String uniqueId) {
    int slash = uniqueId.lastIndexOf("/[");
    return slash < 0 ? uniqueId : uniqueId.substring(slash);
  }

  private static void reason(Counts c, String reason) {
    if (reason != null) {
      String shortened = reason.length() > 160 ? reason.substring(0, 160) + "…" : reason;
      if (c.skipReasons.size() < 2 && !c.skipReasons.contains(shortened)) {
        c.skipReasons.add(shortened);
      }
    }
  }
}
