package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tandem.dialect.Dialect;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads a few hundred seeded mutations of good rule files (byte flips, truncations, swapped keys,
 * huge and deeply nested values). Each must either load, with every transform one expression and
 * nothing else, or fail with a {@link RuleFileException} naming the file: no other throwable, no hang.
 * What loads is then checked against an H2 schema holding the seeds' tables: it fits, or each
 * problem is an {@link SQLException} naming the file.
 */
class RuleFileFuzzTest {
  private static final long SEED = 20261201L;
  private static final int MUTANTS = 400;
  private static final String[] KEYS = {"version", "moves", "name", "table", "from", "to", "forward", "backward",
      "phase"};

  @TempDir
  Path dir;

  private static List<String> seeds() throws IOException {
    List<String> seeds = new ArrayList<>();
    for (String folder : new String[] {"../rules-examples", "../rules-examples/phases", "src/test/resources/rules/valid"}) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          seeds.add(Files.readString(f));
        }
      }
    }
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(4);
    return seeds;
  }

  private static final String[] SCHEMA = {
      "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
      "CREATE TABLE conversation (id INT PRIMARY KEY, last_message_id INT, last_message_at TIMESTAMP)",
      "CREATE TABLE message (id INT PRIMARY KEY, sent_at TIMESTAMP)",
      "CREATE TABLE product (id INT PRIMARY KEY, price_cents INT, price NUMERIC(12, 2), \"Price\" NUMERIC(12, 2))"};

  @Test
  void load_mutatedRuleFiles_loadCleanlyOrFailNamingTheFile() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2); Connection c = db.openRaw()) {
      db.execute(SCHEMA);
      fuzz(c);
    }
  }

  private void fuzz(Connection db) throws Exception {
    Random random = new Random(SEED);
    List<String> seeds = seeds();
    int loaded = 0;
    int refused = 0;
    int fitting = 0;
    for (int i = 0; i < MUTANTS; i++) {
      byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random);
      int number = i;
      Path file = dir.resolve("mutant-" + i + ".yaml");
      Files.write(file, mutant);
      String source = file.toAbsolutePath().normalize().toString();
      RuleSet rules = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> load(file, source),
          () -> "mutant " + number + " hangs: " + preview(mutant));
      if (rules == null) {
        refused++;
        continue;
      }
      loaded++;
      for (MoveRule move : rules.moves()) {
        assertOneExpression(move.forward(), move, i);
        if (move.backward() != null) {
          assertOneExpression(move.backward(), move, i);
        }
      }
      List<SchemaCheck.Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> SchemaCheck.problems(rules, db, Dialect.H2, true), () -> "mutant " + number + " hangs on the database");
      for (SchemaCheck.Problem problem : problems) {
        assertThat(problem.error().getMessage()).as("mutant %d", number).startsWith(source + ":");
      }
      fitting += problems.isEmpty() ? 1 : 0;
    }
    assertThat(fitting).as("mutants that fit the schema").isPositive();
    // The mix is part of the test: a fuzzer whose every mutant fails (or loads) proves little.
    assertThat(loaded).as("mutants that loaded").isGreaterThan(MUTANTS / 20);
    assertThat(refused).as("mutants refused").isGreaterThan(MUTANTS / 2);
  }

  /** The rule set, or {@code null} when the loader refused the file as it must: naming it. */
  private static RuleSet load(Path file, String source) {
    try {
      return RuleFileLoader.load(file);
    } catch (RuleFileException e) {
      assertThat(e.getMessage()).startsWith(source + ":");
      assertThat(e.source()).isEqualTo(source);
      return null;
    } catch (Throwable t) {
      fail("loading " + file + " threw " + t, t);
      return null;
    }
  }

  private static void assertOneExpression(Transform transform, MoveRule move, int mutant) {
    String template = transform.template();
    String why = "mutant " + mutant + ", " + move.describe() + ": " + template;
    String outsideQuotes = template.replaceAll("'([^']|'')*'|\"([^\"]|\"\")*\"|`([^`]|``)*`", "''");
    assertThat(outsideQuotes).as(why).doesNotContain("--", "/*", "#", ";", "?");
    try {
      assertThat(TransformTokens.reprint(template)).as(why).isEqualTo(template);
      CCJSqlParserUtil.parseExpression(transform.withPlaceholder("tandem_value"), false);
    } catch (Exception e) {
      fail(why + " is not one expression: " + e, e);
    }
  }

  private static byte[] mutate(String seed, Random random) {
    String text = seed;
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(7)) {
        case 0 -> text = flipBytes(text, random);
        case 1 -> text = text.substring(0, random.nextInt(text.length() + 1));
        case 2 -> text = swapKeys(text, random);
        case 3 -> text = replaceValue(text, random, huge(random));
        case 4 -> text = replaceValue(text, random, nested(random));
        case 5 -> text = replaceValue(text, random, transformAttack(random));
        default -> text = text + "\n" + "  ".repeat(random.nextInt(4)) + KEYS[random.nextInt(KEYS.length)] + ": x\n";
      }
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(10) == 0 && bytes.length > 0) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // not even UTF-8, perhaps
    }
    return bytes;
  }

  private static String flipBytes(String text, Random random) {
    char[] chars = text.toCharArray();
    String alphabet = "{}[]()'\"`:;?#-/*\\ \n\t$!&|,.0123456789abcXYZ";
    for (int n = 1 + random.nextInt(4); n > 0 && chars.length > 0; n--) {
      chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(chars);
  }

  private static String swapKeys(String text, Random random) {
    String a = KEYS[random.nextInt(KEYS.length)];
    String b = KEYS[random.nextInt(KEYS.length)];
    return text.replace(" " + a + ":", " \u0000:").replace(" " + b + ":", " " + a + ":").replace(" \u0000:", " " + b + ":");
  }

  /** Replaces the value of a random {@code key: value} line with {@code value}, double-quoted. */
  private static String replaceValue(String text, Random random, String value) {
    String[] lines = text.split("\n", -1);
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches("\\s*-?\\s*(forward|backward|name|table|from|to|phase):.*")) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return text;
    }
    int at = candidates.get(random.nextInt(candidates.size()));
    String line = lines[at];
    lines[at] = line.substring(0, line.indexOf(':') + 1) + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return String.join("\n", lines);
  }

  private static String huge(Random random) {
    return random.nextBoolean() ? "x".repeat(100_000 + random.nextInt(1000))
        : "{from}" + " + 1".repeat(1000 + random.nextInt(5000));
  }

  private static String nested(Random random) {
    int depth = 20 + random.nextInt(2000);
    return switch (random.nextInt(4)) {
      case 0 -> "(".repeat(depth) + "{from}" + ")".repeat(depth);
      case 1 -> "f(".repeat(depth) + "{from}" + ")".repeat(depth);
      case 2 -> "CASE WHEN {from} = 1 THEN ".repeat(depth / 10) + "1" + " END".repeat(depth / 10);
      default -> "NOT ".repeat(depth) + "{from}";
    };
  }

  private static String transformAttack(Random random) {
    String[] attacks = {"{from} / 100.0 -- cents", "{from} /* x */", "'{from}'", "\"{from}\"", "{from} + ?",
        "{from} + :x", "{from}; DROP TABLE t", "{from} # x", "{from} || $$x$$", "{fn ucase({from})}",
        "CONCAT({from}, 'a\\' -- ')", "-{from}", "{from}::int", "lower({from})", "{to}", "{from}{from}",
        "(SELECT m.sent_at FROM message m WHERE m.id = {from})", "{from} / 100.0"};
    return attacks[random.nextInt(attacks.length)];
  }

  private static String preview(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
