package dev.tandem.reliability;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * One application thread of the stress test. Each operation picks rows of the shared table, takes
 * their locks (see {@link TruthTable}), and works on them as an old or a new application version
 * would: single statements in auto-commit, transactions that commit or roll back, batches, and
 * transactions that hit a constraint violation and roll back. Half of the operations run on the
 * thread's own connection, whose prepared statements are kept for the whole run and so outlive
 * many rule reloads; the other half borrow a pooled connection and prepare afresh.
 *
 * <p>Everything it reads is checked while it still holds the rows' locks: a read through Tandem
 * against what SPEC §2 says that version must see in the phase in force, and, after every
 * operation, every touched row as stored (both columns of both moves, on a raw connection) against
 * {@link RowTruth}. An unexpected throwable ends the thread and fails the test.
 */
final class StressWorker implements Runnable {
  private static final int READ = 30;
  private static final int SINGLE = 62;
  private static final int TRANSACTION = 80;
  private static final int BATCH = 92;

  private final Engine engine;
  private final DataSource pool;
  private final String tandemUrl;
  private final String rawUrl;
  private final TruthTable table;
  private final StressCounts counts;
  private final BooleanSupplier running;
  private final AtomicLong sequence;
  private final Random random;
  private final StressStatements oldSql;
  private final StressStatements newSql;
  /** Statements prepared once on {@link #session} and used for the whole run, across reloads. */
  private final Map<String, PreparedStatement> kept = new HashMap<>();
  private Connection session;
  private PreparedStatement stored;

  StressWorker(Engine engine, DataSource pool, String tandemUrl, String rawUrl, TruthTable table,
      StressCounts counts, BooleanSupplier running, AtomicLong sequence, int thread) {
    this.engine = engine;
    this.pool = pool;
    this.tandemUrl = tandemUrl;
    this.rawUrl = rawUrl;
    this.table = table;
    this.counts = counts;
    this.running = running;
    this.sequence = sequence;
    this.random = new Random(thread * 7919L + 17);
    this.oldSql = new StressStatements(engine, true);
    this.newSql = new StressStatements(engine, false);
  }

  @Override
  public void run() {
    try (Connection own = DriverManager.getConnection(tandemUrl); Connection raw = DriverManager.getConnection(rawUrl);
        PreparedStatement check = raw.prepareStatement(StressStatements.STORED)) {
      session = own;
      stored = check;
      while (running.getAsBoolean()) {
        operation();
      }
    } catch (Throwable e) {
      counts.error(Thread.currentThread().getName(), e);
    }
  }

  /** One operation on a few rows, under the phase gate and the rows' locks, checked before they are released. */
  private void operation() throws Exception {
    int dice = random.nextInt(100);
    int rows = dice < SINGLE ? 1 : 2 + random.nextInt(3);
    TreeSet<Long> ids = new TreeSet<>();
    while (ids.size() < rows) {
      ids.add(1L + random.nextInt(table.size()));
    }
    table.enterOperation();
    try {
      ids.forEach(table::lock);
      try {
        Work work = new Work(random.nextBoolean(), dice >= SINGLE);
        try {
          if (dice < READ) {
            read(work, ids.first(), statements());
          } else if (dice < SINGLE) {
            write(work, ids.first(), statements());
          } else if (dice < TRANSACTION) {
            transaction(work, ids);
          } else if (dice < BATCH) {
            batch(work, ids);
          } else {
            fault(work, ids.first());
          }
        } catch (SQLException e) {
          if (!isTransient(e)) {
            throw e;
          }
          // A deadlock (or lock timeout) the database resolved by rolling back: the application
          // retries. Nothing of it is recorded, and the stored rows must show that nothing happened.
          work.rollback();
          counts.count("retried");
        } finally {
          work.close();
        }
        for (long id : ids) {
          checkStored(id);
        }
      } finally {
        ids.descendingSet().forEach(table::unlock);
      }
    } finally {
      table.leaveOperation();
    }
  }

  private StressStatements statements() {
    return random.nextBoolean() ? oldSql : newSql;
  }

  private void transaction(Work work, TreeSet<Long> ids) throws SQLException {
    for (long id : ids) {
      StressStatements sql = statements();
      write(work, id, sql);
      read(work, id, sql);
      counts.count("readOwnWrite");
    }
    if (random.nextInt(10) < 7) {
      work.commit();
    } else {
      work.rollback();
    }
  }

  /** One transaction with a batch of inserts (rows that do not exist) and a batch of updates (rows that do). */
  private void batch(Work work, TreeSet<Long> ids) throws SQLException {
    StressStatements sql = statements();
    List<Long> inserted = new ArrayList<>();
    List<Long> updated = new ArrayList<>();
    PreparedStatement insert = work.prepare(sql.insert());
    PreparedStatement update = work.prepare(sql.update(StressMove.EMAIL, StressMove.PRICE));
    for (long id : ids) {
      Object[] values = newValues(id);
      if (work.row(id).present) {
        bind(update, sql, values[0], values[1], id);
        update.addBatch();
        work.row(id).written(StressMove.EMAIL, values[0], work.contract());
        work.row(id).written(StressMove.PRICE, values[1], work.contract());
        updated.add(id);
      } else {
        insert.setLong(1, id);
        bindValues(insert, 2, sql, values);
        insert.addBatch();
        work.row(id).inserted(values, work.contract());
        inserted.add(id);
      }
    }
    expectBatch(insert, inserted, sql);
    expectBatch(update, updated, sql);
    counts.count("batch");
    if (random.nextInt(10) < 8) {
      work.commit();
    } else {
      work.rollback();
    }
  }

  private void expectBatch(PreparedStatement statement, List<Long> ids, StressStatements sql) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    int[] updated = statement.executeBatch();
    if (updated.length != ids.size()) {
      counts.fail("batch of " + ids.size() + " answered " + updated.length + " counts");
    }
    for (int count : updated) {
      if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
        counts.fail("batch row of " + ids + " changed " + count + " rows (" + version(sql) + ")");
      }
    }
    counts.count(sql.oldVersion() ? "writeOld" : "writeNew");
  }

  /**
   * A transaction that writes a row and then breaks a constraint (a second insert of the same id):
   * the statement fails, the transaction is rolled back, and the row must be as it was before.
   */
  private void fault(Work work, long id) throws SQLException {
    StressStatements sql = statements();
    write(work, id, sql);
    PreparedStatement duplicate = work.prepare(sql.insert());
    duplicate.setLong(1, id);
    bindValues(duplicate, 2, sql, newValues(id));
    boolean wasPresent = work.row(id).present;
    try {
      duplicate.executeUpdate();
      if (wasPresent) {
        counts.fail("a second insert of row " + id + " succeeded");
      }
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23") || !wasPresent) {
        throw e;
      }
    }
    work.rollback();
    counts.count("fault");
  }

  /** One write on row {@code id}, chosen by whether it exists: recorded in the work's copy of the row. */
  private void write(Work work, long id, StressStatements sql) throws SQLException {
    int dice = random.nextInt(100);
    RowTruth row = work.row(id);
    if (dice < 20 && sql.hasUpsert()) {
      upsert(work, id, sql);
    } else if (dice < 35 && sql.hasMerge()) {
      merge(work, id, sql);
    } else if (!row.present) {
      Object[] values = newValues(id);
      PreparedStatement insert = work.prepare(sql.insert());
      insert.setLong(1, id);
      bindValues(insert, 2, sql, values);
      expectRows(insert.executeUpdate(), 1, 1, "insert of " + id, sql);
      row.inserted(values, work.contract());
      counts.count("insert");
    } else if (dice < 85) {
      update(work, id, sql);
    } else {
      delete(work, id, sql);
    }
    counts.count(sql.oldVersion() ? "writeOld" : "writeNew");
    work.done(id);
  }

  /** Updates both moves, or one of them (the other must then keep its values). */
  private void update(Work work, long id, StressStatements sql) throws SQLException {
    int which = random.nextInt(4);
    StressMove[] moves = which < 2 ? StressMove.values()
        : new StressMove[] {which == 2 ? StressMove.EMAIL : StressMove.PRICE};
    Object[] values = newValues(id);
    PreparedStatement update = work.prepare(sql.update(moves));
    for (int i = 0; i < moves.length; i++) {
      update.setObject(i + 1, moves[i].valueFor(sql.oldVersion(), values[moves[i].ordinal()]));
    }
    update.setLong(moves.length + 1, id);
    expectRows(update.executeUpdate(), 1, 1, "update of " + id, sql);
    for (StressMove move : moves) {
      work.row(id).written(move, values[move.ordinal()], work.contract());
    }
    counts.count("update");
  }

  private void upsert(Work work, long id, StressStatements sql) throws SQLException {
    Object[] values = newValues(id);
    PreparedStatement upsert = work.prepare(sql.upsert());
    upsert.setLong(1, id);
    bindValues(upsert, 2, sql, values);
    int changed = upsert.executeUpdate();
    recordInsertOrUpdate(work.row(id), values, work.contract(), changed, "upsert", sql);
  }

  private void merge(Work work, long id, StressStatements sql) throws SQLException {
    Object[] values = newValues(id);
    PreparedStatement merge = work.prepare(sql.merge());
    merge.setLong(1, id);
    bindValues(merge, 2, sql, values);
    recordInsertOrUpdate(work.row(id), values, work.contract(), merge.executeUpdate(), "merge", sql);
  }

  private void recordInsertOrUpdate(RowTruth row, Object[] values, boolean contract, int changed, String kind,
      StressStatements sql) {
    if (row.present) {
      // MariaDB counts an updated row twice in ON DUPLICATE KEY UPDATE.
      expectRows(changed, 1, engine == Engine.MARIADB ? 2 : 1, kind + " of existing " + row.id, sql);
      for (StressMove move : StressMove.values()) {
        row.written(move, values[move.ordinal()], contract);
      }
      counts.count(kind + "Updated");
    } else {
      expectRows(changed, 1, 1, kind + " of new " + row.id, sql);
      row.inserted(values, contract);
      counts.count(kind + "Inserted");
    }
  }

  /**
   * Deletes the row by id and the value one of its moves is believed to hold. Whether that hits
   * follows from SPEC §2 and is predicted: through the old name it misses while the old column lags
   * (after contract, before the backward backfill); through the new name it always hits.
   */
  private void delete(Work work, long id, StressStatements sql) throws SQLException {
    StressMove move = StressMove.values()[random.nextInt(StressMove.values().length)];
    RowTruth row = work.row(id);
    Object believed = move.valueFor(sql.oldVersion(), row.truth[move.ordinal()]);
    List<Object> readable = TruthTable.readable(row, move, sql.oldVersion(), work.phase);
    boolean mayHit = TruthTable.oneOf(believed, readable);
    boolean mayMiss = readable.stream().anyMatch(v -> !StressMove.same(v, believed));
    PreparedStatement delete = work.prepare(sql.deleteWhere(move));
    delete.setLong(1, id);
    delete.setObject(2, believed);
    int deleted = delete.executeUpdate();
    if ((deleted == 1 && !mayHit) || (deleted == 0 && !mayMiss) || deleted > 1) {
      counts.fail("delete of " + id + " where " + move.column(sql.oldVersion()) + " = " + believed + " in "
          + work.phase + " deleted " + deleted + " rows; expected " + row);
    }
    if (deleted == 1) {
      row.deleted();
      counts.count("delete");
    } else {
      counts.count("deleteMissed");
    }
  }

  /**
   * Reads the row through Tandem as {@code sql}'s version and checks each value against SPEC §2
   * for the phase in force, and against the truth: a new version always reads the latest write; an
   * old version reads it too, except in migrated while the old column still lags after contract.
   */
  private void read(Work work, long id, StressStatements sql) throws SQLException {
    RowTruth row = work.row(id);
    PreparedStatement read = work.prepare(sql.read());
    read.setLong(1, id);
    try (ResultSet rs = read.executeQuery()) {
      if (rs.next() != row.present) {
        counts.fail("read of " + id + " (" + version(sql) + ", " + work.phase + "): found=" + !row.present
            + ", expected " + row);
        return;
      }
      for (StressMove move : row.present ? StressMove.values() : new StressMove[0]) {
        Object actual = rs.getObject(move.column(sql.oldVersion()));
        Object latest = move.valueFor(sql.oldVersion(), row.truth[move.ordinal()]);
        if (!TruthTable.oneOf(actual, TruthTable.readable(row, move, sql.oldVersion(), work.phase))) {
          counts.fail("read of " + id + "." + move.column(sql.oldVersion()) + " (" + version(sql) + ", "
              + work.phase + ") returned " + actual + "; expected " + row);
        } else if (!StressMove.same(actual, latest)) {
          if (sql.oldVersion() && work.phase == Phase.MIGRATED && table.oldMayLag()) {
            counts.count("staleOldRead");
          } else {
            counts.fail("read of " + id + "." + move.column(sql.oldVersion()) + " (" + version(sql) + ", "
                + work.phase + ") returned " + actual + ", not the latest write " + latest + ": " + row);
          }
        }
        if (!sql.oldVersion() && row.to[move.ordinal()] == null) {
          counts.count("coalescedRead");
        }
      }
    }
    counts.count(sql.oldVersion() ? "readOld" : "readNew");
  }

  /** Checks the stored row, on the raw connection, against the committed truth. */
  private void checkStored(long id) throws SQLException {
    RowTruth row = table.row(id);
    String phase = "after an operation in " + table.phase();
    stored.setLong(1, id);
    String mismatch;
    try (ResultSet rs = stored.executeQuery()) {
      mismatch = TruthTable.checkStored(row, rs.next() ? rs : null, phase);
    }
    if (mismatch == null) {
      mismatch = table.checkWindows(row, phase);
    }
    if (mismatch != null) {
      counts.fail(mismatch);
    }
    counts.count("rowChecked");
  }

  private void expectRows(int changed, int least, int most, String what, StressStatements sql) {
    if (changed < least || changed > most) {
      counts.fail(what + " (" + version(sql) + ") changed " + changed + " rows");
    }
  }

  /** Fresh values for both moves (as old-column values): unique e-mail, random cents. */
  private Object[] newValues(long id) {
    return new Object[] {"r" + id + "." + sequence.incrementAndGet() + "@example.com", random.nextInt(100_000_000)};
  }

  private static void bindValues(PreparedStatement statement, int first, StressStatements sql, Object[] values)
      throws SQLException {
    bind(statement, first, sql, values[0], values[1]);
  }

  private static void bind(PreparedStatement statement, StressStatements sql, Object email, Object cents, long id)
      throws SQLException {
    bind(statement, 1, sql, email, cents);
    statement.setLong(3, id);
  }

  private static void bind(PreparedStatement statement, int first, StressStatements sql, Object email, Object cents)
      throws SQLException {
    statement.setObject(first, StressMove.EMAIL.valueFor(sql.oldVersion(), email));
    statement.setObject(first + 1, StressMove.PRICE.valueFor(sql.oldVersion(), cents));
  }

  private static String version(StressStatements sql) {
    return sql.oldVersion() ? "old version" : "new version";
  }

  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("40") || state.equals("HYT00"));
  }

  /**
   * The connection and statements of one operation, with the rows it has changed and not yet
   * committed: in auto-commit each statement's change is recorded as it succeeds, in a transaction
   * all of them at commit, none at rollback.
   */
  private final class Work implements AutoCloseable {
    final Phase phase = table.phase();
    private final boolean onSession;
    private final boolean inTransaction;
    private final Connection connection;
    private final List<PreparedStatement> opened = new ArrayList<>();
    private final Map<Long, RowTruth> pending = new HashMap<>();

    Work(boolean onSession, boolean inTransaction) throws SQLException {
      this.onSession = onSession;
      this.inTransaction = inTransaction;
      this.connection = onSession ? session : pool.getConnection();
      if (inTransaction) {
        connection.setAutoCommit(false);
      }
      counts.count(onSession ? "viaKeptStatements" : "viaPool");
    }

    boolean contract() {
      return phase == Phase.CONTRACT;
    }

    RowTruth row(long id) {
      return pending.computeIfAbsent(id, k -> table.row(k).copy());
    }

    /** A statement on row {@code id} succeeded: in auto-commit it is committed, so recorded now. */
    void done(long id) {
      if (!inTransaction && pending.containsKey(id)) {
        table.row(id).assign(pending.remove(id));
      }
    }

    PreparedStatement prepare(String sql) throws SQLException {
      if (onSession) {
        PreparedStatement statement = kept.get(sql);
        if (statement == null) {
          statement = session.prepareStatement(sql);
          kept.put(sql, statement);
        }
        return statement;
      }
      PreparedStatement statement = connection.prepareStatement(sql);
      opened.add(statement);
      return statement;
    }

    void commit() throws SQLException {
      connection.commit();
      pending.forEach((id, row) -> table.row(id).assign(row));
      pending.clear();
      counts.count("committed");
    }

    void rollback() throws SQLException {
      pending.clear();
      if (inTransaction) {
        connection.rollback();
        counts.count("rolledBack");
      }
    }

    @Override
    public void close() throws SQLException {
      if (inTransaction && !pending.isEmpty()) {
        rollback();
      }
      for (PreparedStatement statement : kept.values()) {
        statement.clearBatch();
      }
      if (inTransaction) {
        connection.setAutoCommit(true);
      }
      for (PreparedStatement statement : opened) {
        statement.close();
      }
      if (!onSession) {
        connection.close();
      }
    }
  }
}
