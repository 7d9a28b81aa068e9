package dev.tandem.reliability;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Differential test of the whole phase table (SPEC §2, §3). jqwik generates short sequences of
 * statements over a moved table (see {@link DifferentialGenerator}); each sequence runs, from the
 * same seed rows, on H2, PostgreSQL and MariaDB in every phase, for a rename and for a two-way type
 * change. Every statement runs through Tandem against {@code t(id, n, from, to)} and as its
 * hand-written equivalent on the raw driver against {@code truth(id, n, v)}. After each one:
 * <ul>
 *   <li>what the application got is the same: update count, or for a query each column's label,
 *       each value and its Java class, where the reference answers the same query text from a table
 *       whose two columns are rebuilt from {@code truth} ({@code from = backward(v)}, {@code to = v});
 *   <li>after a write, Tandem's table holds what the reference says: {@code to} = v in every phase (in expand as it
 *       reads, {@code COALESCE(to, forward(from))}), {@code from} = backward(v) in expand and migrated.
 * </ul>
 * Named {@code …Test} so that surefire's default includes run it with the suite (a {@code …Properties}
 * class is not picked up by {@code ./mvnw verify}). Runs are seeded so the suite is repeatable; {@code -Dtandem.differential.survey=true} runs every
 * try to the end and writes the failures per engine, phase, move and kind to
 * {@code target/differential-survey.txt} instead of stopping at the first.
 */
class DifferentialTest {
  private static final boolean SURVEY = Boolean.getBoolean("tandem.differential.survey");
  private static final Map<String, DifferentialFixture> FIXTURES = new LinkedHashMap<>();
  private static final Map<String, String> SURVEYED = new TreeMap<>();
  /** Statements run per engine and kind, reported by the survey to show what the seeds cover. */
  private static final Map<String, Integer> RUN = new TreeMap<>();
  private static Path rulesDir;

  @BeforeContainer
  static void rules() throws Exception {
    rulesDir = Files.createTempDirectory("tandem-differential");
  }

  @AfterContainer
  static void close() throws Exception {
    for (DifferentialFixture fixture : FIXTURES.values()) {
      fixture.close();
    }
    FIXTURES.clear();
    try (var files = Files.list(rulesDir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(rulesDir);
    if (SURVEY) {
      StringBuilder out = new StringBuilder();
      RUN.forEach((key, count) -> out.append("ran ").append(key).append(": ").append(count).append('\n'));
      SURVEYED.forEach((key, example) -> out.append("\nFAILS ").append(key).append('\n').append(example).append('\n'));
      Files.writeString(Path.of("target", "differential-survey.txt"), out);
      System.out.println("differential survey: " + SURVEYED.size() + " failing kinds, see target/differential-survey.txt");
    }
  }

  @Property(tries = 50, seed = "20261201", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void rename_tandemEqualsReference_onEveryEngineAndPhase(@ForAll("renames") List<DifferentialStatement> statements)
      throws Exception {
    check(DifferentialMove.RENAME, statements);
  }

  @Property(tries = 50, seed = "20261202", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void typeChange_tandemEqualsReference_onEveryEngineAndPhase(@ForAll("prices") List<DifferentialStatement> statements)
      throws Exception {
    check(DifferentialMove.PRICE, statements);
  }

  @Provide
  Arbitrary<List<DifferentialStatement>> renames() {
    return new DifferentialGenerator(DifferentialMove.RENAME).sequences();
  }

  @Provide
  Arbitrary<List<DifferentialStatement>> prices() {
    return new DifferentialGenerator(DifferentialMove.PRICE).sequences();
  }

  private static void check(DifferentialMove move, List<DifferentialStatement> statements) throws Exception {
    List<String> failures = new ArrayList<>();
    for (Engine engine : Engine.values()) {
      for (Phase phase : Phase.values()) {
        DifferentialFixture fixture = fixture(engine, move, phase);
        fixture.reset();
        for (DifferentialStatement statement : statements) {
          if (!statement.category().validOn(engine) || (!SURVEY && DifferentialGaps.excluded(fixture, statement))) {
            continue;
          }
          RUN.merge(engine + " " + statement.category(), 1, Integer::sum);
          long start = System.nanoTime();
          String failure = check(fixture, statement);
          RUN.merge(engine + " ms", (int) ((System.nanoTime() - start) / 1_000_000), Integer::sum);
          if (failure != null) {
            failures.add(failure);
            // The tables now differ; later statements would only repeat the difference.
            break;
          }
        }
      }
    }
    if (!failures.isEmpty() && !SURVEY) {
      throw new AssertionError(String.join("\n\n", failures));
    }
  }

  /** Runs one statement both ways; null when Tandem and the reference agree, else what differs. */
  private static String check(DifferentialFixture f, DifferentialStatement statement) throws Exception {
    String application = f.applicationSql(statement);
    List<Object> parameters = statement.sql().parameters();
    DifferentialResult expected;
    String reference;
    if (statement.query()) {
      f.rebuildReadTable();
      reference = application + " (on t rebuilt from truth)";
      expected = DifferentialResult.run(f.reference, application, parameters);
    } else {
      f.wrote();
      reference = f.referenceSql(statement);
      expected = DifferentialResult.run(f.reference, reference, parameters);
    }
    if (expected.failed() && !expected.integrityViolation()) {
      throw new IllegalStateException("the generator wrote a statement " + f.engine + " rejects: " + reference
          + " " + parameters + ": " + expected.error());
    }
    DifferentialResult actual = DifferentialResult.run(f.tandem, application, parameters);
    List<String> differences = new ArrayList<>(expected.differences(actual));
    // A query writes nothing; the rows are compared after every statement that may write.
    String stored = statement.query() ? "" : f.stored();
    String wanted = statement.query() ? "" : f.expected();
    if (!stored.equals(wanted)) {
      differences.add("stored (id | n | from | to" + (f.phase == Phase.EXPAND ? " as read" : "") + "):\n  expected\n"
          + wanted.indent(4) + "  got\n" + stored.indent(4));
    }
    if (differences.isEmpty()) {
      return null;
    }
    String report = f + " " + statement.category() + "[" + statement.side() + "]\n  application: " + application
        + "  " + parameters + "\n  Tandem sent: " + f.sent(application) + "\n  reference:   " + reference + "\n  "
        + String.join("\n  ", differences);
    if (SURVEY) {
      SURVEYED.putIfAbsent(f + " " + statement.category() + "[" + statement.side() + "]", report);
    }
    return report;
  }

  private static DifferentialFixture fixture(Engine engine, DifferentialMove move, Phase phase) throws Exception {
    String key = engine + "/" + move + "/" + phase;
    DifferentialFixture fixture = FIXTURES.get(key);
    if (fixture == null) {
      fixture = DifferentialFixture.open(engine, move, phase, rulesDir);
      FIXTURES.put(key, fixture);
    }
    return fixture;
  }
}
