package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Fills one column of a move from the other, in batches, while the application keeps writing.
 *
 * <p>The table is walked in primary key order (keyset pagination: each batch starts after the last
 * key of the one before). A batch first reads the keys of the next {@code batchSize} rows that lack
 * the value, then updates the rows in that key range that <em>still</em> lack it, in one statement
 * that is its own short transaction. So:
 * <ul>
 *   <li>a row the application wrote meanwhile (through Tandem, which fills both columns) is left as
 *       it is: it no longer lacks the value;
 *   <li>a backfill that is killed loses at most the batch in flight, and run again it simply starts
 *       on the rows that still lack the value: it resumes without keeping any state;
 *   <li>rows that a writer which bypasses Tandem leaves lacking behind the walk are picked up by a
 *       further pass; passes repeat until one finds nothing, at most {@value #MAX_PASSES} times.
 * </ul>
 *
 * <p>A table without a primary key is refused: without a key there are no short batches.
 */
public final class Backfill {
  /** Rows per batch unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 1000;
  /** The most passes over the table; writers that keep leaving rows lacking must be stopped (or given triggers). */
  public static final int MAX_PASSES = 5;

  private final MoveRule move;
  private final BackfillDirection direction;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private Duration pause = Duration.ZERO;
  private BackfillListener listener = BackfillListener.NONE;

  /**
   * What a backfill did.
   *
   * @param filled rows it filled
   * @param batches batches it committed
   * @param passes passes over the table, the last of which found nothing to do unless {@link #stillLacking} is positive
   * @param stillLacking rows lacking the value when it stopped: 0 unless writers kept leaving rows lacking
   * @param elapsed how long it took
   */
  public record Result(long filled, int batches, int passes, long stillLacking, Duration elapsed) {}

  private Backfill(MoveRule move, BackfillDirection direction) {
    this.move = Objects.requireNonNull(move, "move");
    this.direction = Objects.requireNonNull(direction, "direction");
  }

  /**
   * A backfill of {@code move} in {@code direction}.
   *
   * @throws CommandFailure when the move is one-way and the direction is backward
   */
  public static Backfill of(MoveRule move, BackfillDirection direction) {
    if (!direction.appliesTo(move)) {
      throw CommandFailure.usage(move.describe() + " is one-way (backward: null): " + move.from()
          + " cannot be computed from " + move.to() + ", so it cannot be backfilled backward");
    }
    return new Backfill(move, direction);
  }

  /** Rows per batch (and per transaction). */
  public Backfill batchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1, not " + rows);
    }
    this.batchSize = rows;
    return this;
  }

  /** How long to wait between batches, to leave the database room for the application. */
  public Backfill pause(Duration between) {
    if (between.isNegative()) {
      throw new IllegalArgumentException("the pause must not be negative");
    }
    this.pause = between;
    return this;
  }

  /** Who hears about progress. */
  public Backfill listener(BackfillListener progress) {
    this.listener = Objects.requireNonNull(progress, "listener");
    return this;
  }

  /**
   * Runs the backfill on {@code connection}, which it leaves in auto-commit mode.
   *
   * @throws CommandFailure when the table, a column or the primary key is missing
   * @throws InterruptedException when interrupted during a pause; the batches so far are kept
   */
  public Result run(Connection connection, Dialect dialect) throws SQLException, InterruptedException {
    long startNanos = System.nanoTime();
    List<String> key = usableKey(TableInfo.read(connection, dialect, move.table()), dialect);
    MoveSql sql = new MoveSql(move, dialect);
    // Auto-commit makes each batch's UPDATE its own transaction: row locks are held for one
    // batch only, and no snapshot stays open between batches.
    connection.setAutoCommit(true);
    listener.started(move, direction, countLacking(connection, sql));
    long filled = 0;
    int batches = 0;
    int passes = 0;
    long filledThisPass;
    do {
      passes++;
      filledThisPass = 0;
      Object[] after = null;
      Object[] upTo;
      while ((upTo = lastKeyOfNextBatch(connection, sql, key, after)) != null) {
        int rows = fillBatch(connection, sql, key, after, upTo);
        filledThisPass += rows;
        filled += rows;
        batches++;
        listener.batchDone(move, filled, batches);
        after = upTo;
        if (!pause.isZero()) {
          Thread.sleep(pause.toMillis());
        }
      }
    } while (filledThisPass > 0 && passes < MAX_PASSES);
    long stillLacking = filledThisPass > 0 ? countLacking(connection, sql) : 0;
    Result result = new Result(filled, batches, passes, stillLacking, Duration.ofNanos(System.nanoTime() - startNanos));
    listener.finished(move, result);
    return result;
  }

  private List<String> usableKey(TableInfo table, Dialect dialect) {
    if (!table.exists()) {
      throw CommandFailure.doesNotFit(move.describe() + ": table " + move.table() + " does not exist in "
          + table.namespace());
    }
    for (var column : List.of(move.from(), move.to())) {
      if (table.column(column, dialect).isEmpty()) {
        throw CommandFailure.doesNotFit(move.describe() + ": column " + column + " does not exist in table "
            + move.table() + "; a backfill needs both columns");
      }
    }
    if (table.primaryKey().isEmpty()) {
      throw CommandFailure.doesNotFit(move.describe() + ": table " + move.table() + " has no primary key. A backfill"
          + " walks the table in key order, one short transaction per batch, and cannot without one; add a primary"
          + " key, or fill the column yourself in a quiet hour");
    }
    return table.primaryKey();
  }

  private long countLacking(Connection connection, MoveSql sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql.countLacking(direction))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The key of the last row of the next batch, or null when no row after {@code after} lacks the value. */
  private Object[] lastKeyOfNextBatch(Connection connection, MoveSql sql, List<String> key, Object[] after)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        sql.nextBatchKeys(direction, key, after != null, batchSize))) {
      bind(statement, 1, after);
      Object[] last = null;
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          last = new Object[key.size()];
          for (int i = 0; i < last.length; i++) {
            last[i] = rs.getObject(i + 1);
          }
        }
      }
      return last;
    }
  }

  private int fillBatch(Connection connection, MoveSql sql, List<String> key, Object[] after, Object[] upTo)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.fillBatch(direction, key, after != null))) {
      int next = bind(statement, 1, after);
      bind(statement, next, upTo);
      return statement.executeUpdate();
    }
  }

  /** Binds a key's values from parameter {@code first} on; returns the next free parameter. */
  private static int bind(PreparedStatement statement, int first, Object[] values) throws SQLException {
    if (values == null) {
      return first;
    }
    for (int i = 0; i < values.length; i++) {
      statement.setObject(first + i, values[i]);
    }
    return first + values.length;
  }
}
