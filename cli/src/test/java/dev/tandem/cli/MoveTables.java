package dev.tandem.cli;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.function.IntFunction;

/**
 * The tables of the three example moves ({@code rules-examples/}), filled with rows in states a
 * migration goes through, and the questions the tests ask about them.
 */
final class MoveTables {
  static final String CUSTOMER = "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(320),"
      + " email_address VARCHAR(320))";
  static final String PRODUCT = "CREATE TABLE product (id INT PRIMARY KEY, price_cents INT, price NUMERIC(12, 2))";
  static final String MESSAGE = "CREATE TABLE message (id INT PRIMARY KEY, sent_at TIMESTAMP)";
  static final String CONVERSATION = "CREATE TABLE conversation (id INT PRIMARY KEY, last_message_id INT,"
      + " last_message_at TIMESTAMP)";
  static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);

  private MoveTables() {}

  static MoveRule move(String example) throws Exception {
    return RuleFileLoader.load(Cli.example(example)).moves().get(0);
  }

  /** {@code customer} with rows 1..n holding only the old column, as before the backfill. */
  static void customers(TestDatabase db, int n) throws SQLException {
    db.execute(CUSTOMER);
    insertRows(db, "INSERT INTO customer (id, email) VALUES (?, ?)", n, id -> "user" + id + "@example.com");
  }

  /** {@code product} with rows 1..n holding only {@code price_cents}. */
  static void products(TestDatabase db, int n) throws SQLException {
    db.execute(PRODUCT);
    insertRows(db, "INSERT INTO product (id, price_cents) VALUES (?, ?)", n, id -> id * 101);
  }

  /** Runs {@code insert} (two parameters: the id, and a value) for ids 1..n, as one batch. */
  static void insertRows(TestDatabase db, String insert, int n, IntFunction<Object> value) throws SQLException {
    try (Connection c = db.openRaw(); PreparedStatement statement = c.prepareStatement(insert)) {
      for (int id = 1; id <= n; id++) {
        statement.setInt(1, id);
        statement.setObject(2, value.apply(id));
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** {@code message} 1..n sent a minute apart, and {@code conversation} 1..n each pointing at its message. */
  static void conversations(TestDatabase db, int n) throws SQLException {
    db.execute(MESSAGE, CONVERSATION);
    insertRows(db, "INSERT INTO message (id, sent_at) VALUES (?, ?)", n, MoveTables::sentAt);
    insertRows(db, "INSERT INTO conversation (id, last_message_id) VALUES (?, ?)", n, id -> id);
  }

  static Timestamp sentAt(int messageId) {
    return Timestamp.valueOf(EPOCH.plusMinutes(messageId));
  }

  /** The single number {@code sql} selects. */
  static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.openRaw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Rows of {@code move}'s table that lack the new value, or disagree with forward(from). */
  static long inconsistent(TestDatabase db, MoveRule move) throws SQLException {
    MoveSql sql = new MoveSql(move, db.engine().dialect());
    return count(db, "SELECT COUNT(*) FROM " + sql.table() + " WHERE (" + sql.lacksTo() + ") OR ("
        + sql.disagrees() + ")");
  }
}
