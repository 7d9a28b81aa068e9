package dev.tandem.cli;

import static dev.tandem.cli.MoveTables.count;
import static dev.tandem.cli.MoveTables.inconsistent;
import static dev.tandem.cli.MoveTables.move;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sync triggers, installed on PostgreSQL and MariaDB and written to over a raw connection, as a
 * writer that bypasses Tandem would. H2 is not covered: its triggers are Java classes, which
 * {@link TriggerScripts} does not write.
 */
class TriggerScriptsTest {

  private static void install(TestDatabase db, List<String> statements) throws Exception {
    db.execute(statements.toArray(String[]::new));
  }

  private static MoveRule installed(TestDatabase db, String example) throws Exception {
    MoveRule move = move(example);
    install(db, TriggerScripts.of(db.engine().dialect()).create(move));
    return move;
  }

  private static String text(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.openRaw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void rename_writesOfEitherColumnFillTheOther(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(MoveTables.CUSTOMER);
      MoveRule move = installed(db, "customer-email-rename.yaml");

      db.execute(
          "INSERT INTO customer (id, email) VALUES (1, 'old@example.com')",
          "INSERT INTO customer (id, email_address) VALUES (2, 'new@example.com')",
          "INSERT INTO customer (id, email, email_address) VALUES (3, 'both@example.com', 'both@example.com')",
          "INSERT INTO customer (id) VALUES (4)",
          "UPDATE customer SET email = 'old2@example.com' WHERE id = 1",
          "UPDATE customer SET email_address = 'new2@example.com' WHERE id = 2",
          "UPDATE customer SET email = 'tandem@example.com', email_address = 'tandem@example.com' WHERE id = 3");

      assertThat(text(db, "SELECT email_address FROM customer WHERE id = 1")).isEqualTo("old2@example.com");
      assertThat(text(db, "SELECT email FROM customer WHERE id = 2")).isEqualTo("new2@example.com");
      assertThat(text(db, "SELECT email FROM customer WHERE id = 3")).isEqualTo("tandem@example.com");
      assertThat(text(db, "SELECT email_address FROM customer WHERE id = 4")).isNull();
      assertThat(inconsistent(db, move)).isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM customer WHERE email IS NULL AND email_address IS NOT NULL")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void typeChange_convertsBothWays(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(MoveTables.PRODUCT);
      MoveRule move = installed(db, "product-price-type-change.yaml");

      db.execute(
          "INSERT INTO product (id, price_cents) VALUES (1, 1234)",
          "INSERT INTO product (id, price) VALUES (2, 5.67)",
          "INSERT INTO product (id, price_cents) VALUES (3, 1)",
          "UPDATE product SET price = 1.99 WHERE id = 3");

      assertThat(count(db, "SELECT COUNT(*) FROM product WHERE id = 1 AND price = 12.34")).isEqualTo(1);
      assertThat(count(db, "SELECT price_cents FROM product WHERE id = 2")).isEqualTo(567);
      assertThat(count(db, "SELECT price_cents FROM product WHERE id = 3")).isEqualTo(199);
      assertThat(inconsistent(db, move)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void oneWay_fillsOnlyTheNewColumn(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.conversations(db, 5);
      MoveRule move = installed(db, "conversation-last-message-at.yaml");
      Timestamp newVersionTime = Timestamp.valueOf(MoveTables.EPOCH.plusDays(1));

      db.execute("INSERT INTO conversation (id, last_message_id) VALUES (10, 3)",
          "UPDATE conversation SET last_message_id = 5 WHERE id = 1");
      try (Connection c = db.openRaw();
          PreparedStatement insert = c.prepareStatement("INSERT INTO conversation (id, last_message_at) VALUES (11, ?)");
          PreparedStatement update = c.prepareStatement("UPDATE conversation SET last_message_at = ? WHERE id = 2")) {
        insert.setTimestamp(1, newVersionTime);
        insert.executeUpdate();
        update.setTimestamp(1, newVersionTime);
        update.executeUpdate();
      }

      assertThat(text(db, "SELECT last_message_at FROM conversation WHERE id = 10"))
          .startsWith(MoveTables.sentAt(3).toString().substring(0, 16));
      assertThat(text(db, "SELECT last_message_at FROM conversation WHERE id = 1"))
          .startsWith(MoveTables.sentAt(5).toString().substring(0, 16));
      assertThat(text(db, "SELECT last_message_id FROM conversation WHERE id = 11")).isNull();
      assertThat(count(db, "SELECT last_message_id FROM conversation WHERE id = 2")).isEqualTo(2);
      assertThat(count(db, "SELECT COUNT(*) FROM conversation WHERE id IN (1, 2, 10, 11) AND ("
          + new MoveSql(move, engine.dialect()).lacksTo() + ")")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void drop_removesTheTriggersAndCanRunTwice(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(MoveTables.CUSTOMER);
      MoveRule move = installed(db, "customer-email-rename.yaml");
      install(db, TriggerScripts.of(engine.dialect()).create(move));

      install(db, TriggerScripts.of(engine.dialect()).drop(move));
      install(db, TriggerScripts.of(engine.dialect()).drop(move));
      db.execute("INSERT INTO customer (id, email) VALUES (1, 'old@example.com')");

      assertThat(text(db, "SELECT email_address FROM customer WHERE id = 1")).isNull();
    }
  }

  @Test
  void create_postgresql_isAFunctionAndOneTrigger() throws Exception {
    List<String> statements = TriggerScripts.of(Dialect.POSTGRESQL).create(move("product-price-type-change.yaml"));

    assertThat(statements).hasSize(3);
    assertThat(statements.get(0)).isEqualTo("""
        CREATE OR REPLACE FUNCTION tandem_sync_product_price() RETURNS trigger LANGUAGE plpgsql AS $tandem$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            IF NEW.price IS NULL THEN NEW.price := NEW.price_cents / 100.0; END IF;
            IF NEW.price_cents IS NULL THEN NEW.price_cents := ROUND(NEW.price * 100.0); END IF;
          ELSIF NEW.price_cents IS DISTINCT FROM OLD.price_cents AND NEW.price IS NOT DISTINCT FROM OLD.price THEN
            NEW.price := NEW.price_cents / 100.0;
          ELSIF NEW.price IS DISTINCT FROM OLD.price AND NEW.price_cents IS NOT DISTINCT FROM OLD.price_cents THEN
            NEW.price_cents := ROUND(NEW.price * 100.0);
          END IF;
          RETURN NEW;
        END
        $tandem$""");
    assertThat(statements.get(2)).isEqualTo("CREATE TRIGGER tandem_sync_product_price BEFORE INSERT OR UPDATE ON product"
        + " FOR EACH ROW EXECUTE FUNCTION tandem_sync_product_price()");
  }

  @Test
  void create_mariadbOneWay_isTwoSingleStatementTriggersThatOnlyFillTheNewColumn() throws Exception {
    List<String> statements = TriggerScripts.of(Dialect.MARIADB).create(move("conversation-last-message-at.yaml"));

    assertThat(statements).containsExactly(
        "DROP TRIGGER IF EXISTS tandem_sync_conversation_last_message_at_bi",
        "CREATE TRIGGER tandem_sync_conversation_last_message_at_bi BEFORE INSERT ON conversation FOR EACH ROW\n"
            + "  SET NEW.last_message_at = IF(NEW.last_message_at IS NULL,"
            + " (SELECT m.sent_at FROM message m WHERE m.id = NEW.last_message_id), NEW.last_message_at)",
        "DROP TRIGGER IF EXISTS tandem_sync_conversation_last_message_at_bu",
        "CREATE TRIGGER tandem_sync_conversation_last_message_at_bu BEFORE UPDATE ON conversation FOR EACH ROW\n"
            + "  SET NEW.last_message_at = IF(NOT (NEW.last_message_id <=> OLD.last_message_id)"
            + " AND NEW.last_message_at <=> OLD.last_message_at,"
            + " (SELECT m.sent_at FROM message m WHERE m.id = NEW.last_message_id), NEW.last_message_at)");
  }

  @Test
  void of_h2_isRefusedBecauseItsTriggersAreJavaClasses() {
    assertThatThrownBy(() -> TriggerScripts.of(Dialect.H2)).hasMessageContaining("H2 triggers are Java classes");
  }

  @Test
  void name_tooLong_isCutAndKeptUniqueByAHash() throws Exception {
    String longName = "c".repeat(40);
    MoveRule a = RuleFileLoader.parse("version: 1\nmoves:\n  - {table: " + longName + ", from: x, to: " + longName
        + "_a, phase: expand}\n", "a.yaml").moves().get(0);
    MoveRule b = RuleFileLoader.parse("version: 1\nmoves:\n  - {table: " + longName + ", from: x, to: " + longName
        + "_b, phase: expand}\n", "b.yaml").moves().get(0);

    assertThat(TriggerScripts.name(a, "_bi")).hasSize(63).endsWith("_bi").startsWith("tandem_sync_ccc");
    assertThat(TriggerScripts.name(a, "_bi")).isNotEqualTo(TriggerScripts.name(b, "_bi"));
  }
}
