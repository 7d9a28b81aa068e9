package dev.tandem.rewrite;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The schema and rule file the end-to-end tests run under, all three moves in one phase: a rename
 * ({@code customer.email -> email_address}), a type change ({@code product.price_cents -> price})
 * and a one-way lookup ({@code conversation.last_message_id -> last_message_at}).
 */
final class EndToEndFixture {
  private static final String RULES = String.join("\n",
      "version: 1",
      "moves:",
      "  - table: customer",
      "    from: email",
      "    to: email_address",
      "    phase: %1$s",
      "  - table: product",
      "    from: price_cents",
      "    to: price",
      "    forward: \"{from} / 100.0\"",
      // 100.0, not 100: H2 types a bare parameter from its context, and in "? * 100" it would
      // round 9.99 to the integer 10 before multiplying.
      "    backward: \"ROUND({to} * 100.0)\"",
      "    phase: %1$s",
      "  - table: conversation",
      "    from: last_message_id",
      "    to: last_message_at",
      "    forward: \"(SELECT m.sent_at FROM message m WHERE m.id = {from})\"",
      "    backward: null",
      "    phase: %1$s",
      "");

  private EndToEndFixture() {}

  /**
   * A fresh database with the tables of the three moves after their expand migration, two
   * messages, and then {@code more} statements.
   */
  static TestDatabase schema(Engine engine, String... more) throws SQLException {
    TestDatabase db = TestDatabases.fresh(engine);
    db.execute(
        "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "CREATE TABLE product (id INT PRIMARY KEY, price_cents INT, price NUMERIC(12, 2))",
        "CREATE TABLE message (id INT PRIMARY KEY, sent_at TIMESTAMP)",
        "CREATE TABLE conversation (id INT PRIMARY KEY, subject VARCHAR(100), last_message_id INT, "
            + "last_message_at TIMESTAMP)",
        "INSERT INTO message VALUES (1, TIMESTAMP '2024-01-01 10:00:00'), (2, TIMESTAMP '2024-02-02 11:00:00')");
    db.execute(more);
    return db;
  }

  /** A {@code jdbc:tandem:} connection to {@code db} with every move in {@code phase}; the rule file goes in {@code dir}. */
  static Connection connect(TestDatabase db, Path dir, String phase) throws Exception {
    Path file = dir.resolve("rules-" + phase + ".yaml");
    Files.writeString(file, String.format(RULES, phase));
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString()));
  }
}
