package dev.tandem.cli;

import static dev.tandem.cli.MoveTables.count;
import static dev.tandem.cli.MoveTables.inconsistent;
import static dev.tandem.cli.MoveTables.move;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackfillTest {
  private static final String RENAME = "customer-email-rename.yaml";

  private static Backfill.Result backfill(TestDatabase db, MoveRule move, BackfillDirection direction, int batchSize,
      BackfillListener listener) throws Exception {
    try (Connection c = db.openRaw()) {
      return Backfill.of(move, direction).batchSize(batchSize).listener(listener).run(c, db.engine().dialect());
    }
  }

  private static Backfill.Result backfill(TestDatabase db, MoveRule move, int batchSize) throws Exception {
    return backfill(db, move, BackfillDirection.FORWARD, batchSize, BackfillListener.NONE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_rename_fillsEveryLackingRowInKeyOrderedBatches(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.customers(db, 250);
      db.execute("UPDATE customer SET email_address = 'kept@example.com' WHERE id = 7",
          "INSERT INTO customer (id, email, email_address) VALUES (251, NULL, NULL)");
      MoveRule move = move(RENAME);

      Backfill.Result result = backfill(db, move, 40);

      assertThat(result.filled()).isEqualTo(249);
      assertThat(result.batches()).isEqualTo(7);
      assertThat(result.passes()).as("a second pass finds nothing left").isEqualTo(2);
      assertThat(result.stillLacking()).isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM customer WHERE email_address = email")).isEqualTo(249);
      assertThat(count(db, "SELECT COUNT(*) FROM customer WHERE id = 7 AND email_address = 'kept@example.com'"))
          .as("a row that had a value is not touched").isEqualTo(1);
      assertThat(count(db, "SELECT COUNT(*) FROM customer WHERE id = 251 AND email_address IS NULL")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_forwardIsACorrelatedSubquery_readsTheOtherTableForEachRow(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.conversations(db, 120);
      MoveRule move = move("conversation-last-message-at.yaml");

      Backfill.Result result = backfill(db, move, 50);

      assertThat(result.filled()).isEqualTo(120);
      assertThat(inconsistent(db, move)).isZero();
      try (Connection c = db.openRaw(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT last_message_at FROM conversation WHERE id = 42")) {
        rs.next();
        assertThat(rs.getTimestamp(1)).isEqualTo(MoveTables.sentAt(42));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_killedMidway_runAgainFinishesWithoutRedoingWork(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.products(db, 300);
      MoveRule move = move("product-price-type-change.yaml");
      BackfillListener killedAfterThreeBatches = new BackfillListener() {
        @Override
        public void batchDone(MoveRule m, long filled, int batches) {
          if (batches == 3) {
            throw new IllegalStateException("killed");
          }
        }
      };

      assertThatThrownBy(() -> backfill(db, move, BackfillDirection.FORWARD, 50, killedAfterThreeBatches))
          .hasMessage("killed");
      assertThat(count(db, "SELECT COUNT(*) FROM product WHERE price IS NULL"))
          .as("the three committed batches are kept").isEqualTo(150);

      Backfill.Result again = backfill(db, move, 50);

      assertThat(again.filled()).isEqualTo(150);
      assertThat(again.batches()).isEqualTo(3);
      assertThat(inconsistent(db, move)).isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM product WHERE id = 300 AND price = 303.00")).isEqualTo(1);
    }
  }

  /**
   * A writer keeps updating and inserting while the backfill runs: a third of its writes fill both
   * columns (the application through Tandem), the others write only the old one and leave the new
   * one NULL (a writer that bypasses Tandem; updates and inserts), anywhere in the table, also behind
   * the backfill. It is stopped halfway
   * through the first pass; the backfill's further pass must catch what it left behind.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_racingWritersOfBothKinds_endsWithEveryRowConsistent(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.customers(db, 400);
      MoveRule move = move(RENAME);
      Writer writer = new Writer(db, 400);
      writer.start();
      writer.awaitWrites(10);
      List<Integer> writesDuringBatches = new ArrayList<>();
      BackfillListener stopWriterMidway = new BackfillListener() {
        @Override
        public void batchDone(MoveRule m, long filled, int batches) {
          if (batches == 1) {
            writer.awaitWrites(writer.writes() + 20);
          }
          if (batches == 5) {
            writesDuringBatches.add(writer.halt());
          }
        }
      };

      Backfill.Result result = backfill(db, move, BackfillDirection.FORWARD, 40, stopWriterMidway);
      writer.halt();

      assertThat(writer.failure()).isNull();
      assertThat(writesDuringBatches).singleElement().asInstanceOf(
          org.assertj.core.api.InstanceOfAssertFactories.INTEGER).isGreaterThan(30);
      assertThat(result.passes()).isGreaterThanOrEqualTo(2);
      assertThat(result.stillLacking()).isZero();
      assertThat(inconsistent(db, move)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_backward_fillsTheOldColumnOfRowsWrittenThroughTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.products(db, 10);
      db.execute("UPDATE product SET price = price_cents / 100.0",
          "INSERT INTO product (id, price) VALUES (11, 12.34)", "INSERT INTO product (id, price) VALUES (12, 0.05)");
      MoveRule move = move("product-price-type-change.yaml");

      Backfill.Result result = backfill(db, move, BackfillDirection.BACKWARD, 5, BackfillListener.NONE);

      assertThat(result.filled()).isEqualTo(2);
      assertThat(count(db, "SELECT price_cents FROM product WHERE id = 11")).isEqualTo(1234);
      assertThat(count(db, "SELECT price_cents FROM product WHERE id = 12")).isEqualTo(5);
      assertThat(inconsistent(db, move)).isZero();
    }
  }

  /**
   * Regression (found by the reliability stress test): in contract an update writes the new column
   * only, so the old one keeps a stale value, not NULL. Going back to migrated, the backward
   * backfill must recompute it too, or the update is lost for old application versions.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_backward_recomputesAnOldColumnLeftStaleByUpdatesInContract(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      MoveTables.customers(db, 3);
      db.execute("UPDATE customer SET email_address = email",
          "UPDATE customer SET email_address = 'changed-in-contract@example.com' WHERE id = 2");
      MoveRule move = move(RENAME);

      Backfill.Result result = backfill(db, move, BackfillDirection.BACKWARD, 5, BackfillListener.NONE);

      assertThat(result.filled()).isEqualTo(1);
      assertThat(count(db, "SELECT COUNT(*) FROM customer WHERE id = 2 AND email = 'changed-in-contract@example.com'"))
          .isEqualTo(1);
      assertThat(inconsistent(db, move)).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void run_compositePrimaryKey_walksBothKeyColumnsInOrder(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE line_item (order_id INT NOT NULL, line_no INT NOT NULL, qty INT, quantity INT,"
          + " PRIMARY KEY (order_id, line_no))");
      try (Connection c = db.openRaw();
          PreparedStatement insert = c.prepareStatement("INSERT INTO line_item (order_id, line_no, qty) VALUES (?, ?, ?)")) {
        for (int order = 1; order <= 13; order++) {
          for (int line = 1; line <= 7; line++) {
            insert.setInt(1, order);
            insert.setInt(2, line);
            insert.setInt(3, order * 10 + line);
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      MoveRule move = RuleFileLoader.parse("version: 1\nmoves:\n  - {table: line_item, from: qty, to: quantity,"
          + " phase: expand}\n", "rules.yaml").moves().get(0);

      Backfill.Result result = backfill(db, move, 10);

      assertThat(result.filled()).isEqualTo(91);
      assertThat(result.batches()).isEqualTo(10);
      assertThat(inconsistent(db, move)).isZero();
    }
  }

  @Test
  void run_tableWithoutPrimaryKey_isRefusedBeforeTouchingARow() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute("CREATE TABLE customer (id INT, email VARCHAR(320), email_address VARCHAR(320))",
          "INSERT INTO customer (id, email) VALUES (1, 'a@example.com')");

      assertThatThrownBy(() -> backfill(db, move(RENAME), 10))
          .isInstanceOf(CommandFailure.class)
          .hasMessageContaining("table customer has no primary key")
          .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(TandemCli.PROBLEMS));
      assertThat(count(db, "SELECT COUNT(*) FROM customer WHERE email_address IS NULL")).isEqualTo(1);
    }
  }

  @Test
  void run_newColumnMissing_isRefused() throws Exception {
    try (TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(320))");

      assertThatThrownBy(() -> backfill(db, move(RENAME), 10))
          .isInstanceOf(CommandFailure.class)
          .hasMessage("move customer.email->email_address: column email_address does not exist in table customer;"
              + " a backfill needs both columns");
    }
  }

  @Test
  void of_oneWayMoveBackward_isRefused() throws Exception {
    assertThatThrownBy(() -> Backfill.of(move("conversation-last-message-at.yaml"), BackfillDirection.BACKWARD))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("is one-way (backward: null)");
  }

  @Test
  void batchSizeAndPause_mustBeSensible() throws Exception {
    Backfill backfill = Backfill.of(move(RENAME), BackfillDirection.FORWARD);
    assertThatThrownBy(() -> backfill.batchSize(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> backfill.pause(Duration.ofMillis(-1))).hasMessageContaining("negative");
  }

  /** Writes {@code customer} rows on its own connection until stopped, as described on the race test. */
  private static final class Writer extends Thread {
    private final TestDatabase db;
    private final int rows;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Writer(TestDatabase db, int rows) {
      super("customer-writer");
      this.db = db;
      this.rows = rows;
      setDaemon(true);
    }

    @Override
    public void run() {
      Random random = new Random(42);
      int nextId = rows + 1;
      try (Connection c = db.openRaw();
          PreparedStatement both = c.prepareStatement("UPDATE customer SET email = ?, email_address = ? WHERE id = ?");
          PreparedStatement onlyOld = c.prepareStatement(
              "UPDATE customer SET email = ?, email_address = NULL WHERE id = ?");
          PreparedStatement insertOnlyOld = c.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)")) {
        while (!stop.get()) {
          int n = writes.get();
          String email = "w" + n + "@example.com";
          int id = 1 + random.nextInt(rows);
          switch (n % 3) {
            case 0:
              both.setString(1, email);
              both.setString(2, email);
              both.setInt(3, id);
              both.executeUpdate();
              break;
            case 1:
              onlyOld.setString(1, email);
              onlyOld.setInt(2, id);
              onlyOld.executeUpdate();
              break;
            default:
              insertOnlyOld.setInt(1, nextId++);
              insertOnlyOld.setString(2, email);
              insertOnlyOld.executeUpdate();
          }
          writes.incrementAndGet();
        }
      } catch (SQLException | RuntimeException e) {
        failure.set(e);
      }
    }

    int writes() {
      return writes.get();
    }

    void awaitWrites(int atLeast) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (writes.get() < atLeast && failure.get() == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }

    /** Stops the writer and returns how many writes it made. */
    int halt() {
      stop.set(true);
      try {
        join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return writes.get();
    }

    Throwable failure() {
      return failure.get();
    }
  }
}
