package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The annotated files in {@code rules-examples/} (path from {@code tandem.rulesExamples}) stay valid. */
class RulesExamplesTest {

  static List<Path> examples() throws IOException {
    String folder = System.getProperty("tandem.rulesExamples");
    assertThat(folder).as("system property tandem.rulesExamples (set by surefire)").isNotNull();
    try (Stream<Path> files = Files.walk(Path.of(folder))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void examples_coverEveryKindAndEveryPhase() throws Exception {
    assertThat(examples()).extracting(f -> f.getFileName().toString()).contains(
        "customer-email-rename.yaml", "conversation-last-message-at.yaml", "product-price-type-change.yaml",
        "conversation-rename-to-thread.yaml", "customer-name-split.yaml", "local-user-password-to-table.yaml",
        "1-expand.yaml", "2-migrated.yaml", "3-contract.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void load_example_isValidAndStartsWithItsExplanation(Path file) throws Exception {
    RuleSet rules = RuleFileLoader.load(file);

    assertThat(rules.isEmpty()).as("holds moves or table renames").isFalse();
    String text = Files.readString(file);
    assertThat(text).startsWith("# ").contains("ALTER TABLE").contains("expand").contains("migrated")
        .contains("contract");
  }

  @Test
  void phaseExamples_areOneMoveAtEachPhase() throws Exception {
    Path phases = Path.of(System.getProperty("tandem.rulesExamples"), "phases");
    List<MoveRule> moves = Stream.of("1-expand.yaml", "2-migrated.yaml", "3-contract.yaml")
        .map(name -> loadUnchecked(phases.resolve(name)).moves().get(0)).toList();

    assertThat(moves).extracting(MoveRule::phase).containsExactly(Phase.EXPAND, Phase.MIGRATED, Phase.CONTRACT);
    assertThat(moves).extracting(MoveRule::name, MoveRule::forward, MoveRule::backward)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(moves.get(0).name(), moves.get(0).forward(),
            moves.get(0).backward()));
  }

  private static RuleSet loadUnchecked(Path file) {
    try {
      return RuleFileLoader.load(file);
    } catch (RuleFileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The price example's transforms must run, and round-trip, on every engine. */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void priceExample_transformsRunAndRoundTripOnEveryEngine(Engine engine) throws Exception {
    Path file = Path.of(System.getProperty("tandem.rulesExamples"), "product-price-type-change.yaml");
    MoveRule move = RuleFileLoader.load(file).moves().get(0);
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE product (id INT PRIMARY KEY, price_cents INT, price NUMERIC(12, 2))",
          "INSERT INTO product (id, price_cents) VALUES (1, 1234)",
          "UPDATE product SET price = " + move.forward().apply("price_cents"),
          "UPDATE product SET price_cents = " + move.backward().apply("price") + " + 0");
      try (Connection c = db.openRaw(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT price, price_cents FROM product")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("12.34"));
        assertThat(rs.getInt(2)).isEqualTo(1234);
      }
    }
  }

  /**
   * The split example loads as one piece per target sharing its name, and its transforms run and round-trip
   * on every engine: a name with a space, one without (no last name), and NULL.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void splitExample_transformsRunAndRoundTripOnEveryEngine(Engine engine) throws Exception {
    Path file = Path.of(System.getProperty("tandem.rulesExamples"), "customer-name-split.yaml");
    List<MoveRule> pieces = RuleFileLoader.load(file).moves();
    assertThat(pieces).extracting(MoveRule::name).containsExactly("customer-name-split", "customer-name-split");
    assertThat(pieces).extracting(m -> m.to().name()).containsExactly("first_name", "last_name");
    SplitRule split = pieces.get(0).split().split();
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100), first_name VARCHAR(100),"
              + " last_name VARCHAR(100))",
          "INSERT INTO customer (id, name) VALUES (1, 'Ada Lovelace'), (2, 'Plato'), (3, NULL)",
          "UPDATE customer SET first_name = " + split.forwards().get(0).apply("name") + ", last_name = "
              + split.forwards().get(1).apply("name"),
          "UPDATE customer SET name = " + split.backwardOf(t -> t.name()));
      assertThat(db.rows("SELECT id, name, first_name, last_name FROM customer ORDER BY id"))
          .isEqualTo("1:Ada Lovelace|Ada|Lovelace 2:Plato|Plato|null 3:null|null|null");
    }
  }
}
