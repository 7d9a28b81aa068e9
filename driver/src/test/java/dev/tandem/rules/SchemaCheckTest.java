package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaCheckTest {
  private static final String CONVERSATION =
      "CREATE TABLE conversation (id INT PRIMARY KEY, last_message_id INT, last_message_at TIMESTAMP)";

  private static RuleSet rules(String... moves) throws RuleFileException {
    return RuleFileLoader.parse("version: 1\nmoves:\n" + String.join("\n", moves) + "\n", "rules.yaml");
  }

  private static String move(String table, String from, String to, String phase) {
    return "  - {table: '" + table + "', from: " + from + ", to: " + to + ", phase: " + phase + "}";
  }

  private static SQLException verifyFails(TestDatabase db, RuleSet rules) throws SQLException {
    try (Connection c = db.openRaw()) {
      return catchThrowableOfType(SQLException.class, () -> SchemaCheck.verify(rules, c, db.engine().dialect()));
    }
  }

  private static void verify(TestDatabase db, RuleSet rules) throws SQLException {
    try (Connection c = db.openRaw()) {
      SchemaCheck.verify(rules, c, db.engine().dialect());
    }
  }

  /** What {@link SchemaCheck#verify} throws for {@code rules} on a fresh database after {@code ddl}, or null. */
  private static SQLException checkAfter(Engine engine, String ddl, RuleSet rules) throws SQLException {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      if (ddl != null) {
        db.execute(ddl);
      }
      return verifyFails(db, rules);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_bothColumnsPresent_passesWhateverTheCaseOfUnquotedNames(Engine engine) throws Exception {
    assertThat((Throwable) checkAfter(engine, CONVERSATION,
        rules(move("Conversation", "LAST_MESSAGE_ID", "Last_Message_At", "expand")))).isNull();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_toColumnMissing_namesMoveAndColumn(Engine engine) throws Exception {
    SQLException e = checkAfter(engine, "CREATE TABLE conversation (id INT PRIMARY KEY, last_message_id INT)",
        rules(move("conversation", "last_message_id", "last_message_at", "expand")));

    assertThat(e.getMessage()).isEqualTo("rules.yaml:3: move conversation.last_message_id->last_message_at: column"
        + " last_message_at does not exist in table conversation; run the expand migration that adds it first"
        + " (ALTER TABLE conversation ADD COLUMN last_message_at …), or check the spelling of 'to'");
    assertThat(e.getSQLState()).isEqualTo(SchemaCheck.MISSING_COLUMN);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_fromColumnMissingOutsideContract_saysItMayOnlyBeDroppedInContract(Engine engine) throws Exception {
    SQLException e = checkAfter(engine, "CREATE TABLE conversation (id INT PRIMARY KEY, last_message_at TIMESTAMP)",
        rules(move("conversation", "last_message_id", "last_message_at", "migrated")));

    assertThat(e.getMessage()).isEqualTo("rules.yaml:3: move conversation.last_message_id->last_message_at: column"
        + " last_message_id does not exist in table conversation; the old column may only be dropped once the move is"
        + " in phase contract, and the rules say migrated; check the spelling of 'from'");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_fromColumnMissingInContract_passes(Engine engine) throws Exception {
    assertThat((Throwable) checkAfter(engine, "CREATE TABLE conversation (id INT PRIMARY KEY, last_message_at TIMESTAMP)",
        rules(move("conversation", "last_message_id", "last_message_at", "contract")))).isNull();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_tableMissing_namesTableAndNamespace(Engine engine) throws Exception {
    SQLException e = checkAfter(engine, null, rules(move("conversation", "last_message_id", "last_message_at", "expand")));

    assertThat(e.getMessage()).startsWith("rules.yaml:3: move conversation.last_message_id->last_message_at: table"
        + " conversation does not exist in ");
    assertThat(e.getSQLState()).isEqualTo(SchemaCheck.MISSING_TABLE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_underscoreInTableName_isNotAWildcard(Engine engine) throws Exception {
    SQLException e = checkAfter(engine,
        "CREATE TABLE convxrsation (id INT PRIMARY KEY, last_message_id INT, last_message_at TIMESTAMP)",
        rules(move("conv_rsation", "last_message_id", "last_message_at", "expand")));

    assertThat(e.getSQLState()).isEqualTo(SchemaCheck.MISSING_TABLE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_schemaQualifiedTable_isLookedUpInThatSchema(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CONVERSATION);
      String schema = engine == Engine.H2 ? "public" : db.namespace();

      assertThatCode(() -> verify(db, rules(move(schema + ".conversation", "last_message_id", "last_message_at",
          "expand")))).doesNotThrowAnyException();
      SQLException e = verifyFails(db, rules(move("elsewhere.conversation", "last_message_id", "last_message_at",
          "expand")));
      assertThat(e.getMessage()).contains("table elsewhere.conversation does not exist in ")
          .containsIgnoringCase(" elsewhere; ");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_severalProblems_chainsThemAll(Engine engine) throws Exception {
    SQLException e = checkAfter(engine, "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(200))", rules(
        move("customer", "email", "email_address", "expand"),
        move("customer", "phone", "phone_number", "expand")));

    assertThat(e.getMessage()).contains("column email_address does not exist");
    assertThat(e.getNextException().getMessage()).contains("column phone_number does not exist");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL"})
  void verify_quotedRuleName_matchesOnlyThatExactCase(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE product (id INT PRIMARY KEY, price_cents INT, \"Price\" NUMERIC(12, 2))");

      assertThatCode(() -> verify(db, rules(move("product", "price_cents", "'\"Price\"'", "expand"))))
          .doesNotThrowAnyException();
      assertThat((Throwable) verifyFails(db, rules(move("product", "price_cents", "price", "expand")))).isNotNull();
    }
  }

  /** A split's backward is prepared filled in with every target, so a typo in it fails at load, naming the split. */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void verify_splitBackwardDoesNotRun_namesTheSplitAndItsBackward(Engine engine) throws Exception {
    String split = "  - {name: name-split, table: customer, from: name, to: [first_name, last_name],"
        + " forward: ['{from}', '{from}'], backward: '%s', phase: expand}";
    String ddl = "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20), first_name VARCHAR(20),"
        + " last_name VARCHAR(20))";

    SQLException e = checkAfter(engine, ddl, rules(String.format(split, "no_such_function({first_name}, {last_name})")));

    assertThat((Object) e).isNotNull();
    assertThat(e.getMessage()).contains("move name-split").contains("'backward'")
        .contains("no_such_function(customer.first_name, customer.last_name)");
    assertThat((Object) checkAfter(engine, ddl, rules(String.format(split, "CONCAT({first_name}, {last_name})"))))
        .isNull();
  }
}
