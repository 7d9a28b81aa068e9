package dev.tandem.reliability;

import dev.tandem.testing.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * One application thread of the stress test. It owns the ids {@code base + 1, base + 2, …}, so it
 * knows exactly which of its rows exist and what value each last got: an upsert is counted as an
 * insert or an update by whether the row existed, and every read through the new column name must
 * return the value last written, whichever name it was written through and in whatever phase.
 * Half of its statements name the old column (an old application version), half the new one.
 */
final class StressWorker implements Runnable {
  private final Engine engine;
  private final DataSource pool;
  private final StressCounts counts;
  private final BooleanSupplier running;
  private final Random random;
  private final long base;
  private long nextId;
  private long writes;
  /** The rows of this thread that exist, and the value each last got. */
  private final Map<Long, String> rows = new HashMap<>();
  private final List<Long> ids = new ArrayList<>();

  StressWorker(Engine engine, DataSource pool, StressCounts counts, BooleanSupplier running, int thread) {
    this.engine = engine;
    this.pool = pool;
    this.counts = counts;
    this.running = running;
    this.random = new Random(thread * 7919L);
    this.base = (thread + 1) * 1_000_000L;
    this.nextId = base + 1;
  }

  /** The rows this thread left, and their values: what the table must hold for its ids at the end. */
  Map<Long, String> rows() {
    return rows;
  }

  @Override
  public void run() {
    while (running.getAsBoolean()) {
      boolean oldName = random.nextBoolean();
      String column = oldName ? "email" : "email_address";
      int dice = random.nextInt(100);
      try {
        if (dice < 20 || ids.isEmpty()) {
          insert(column);
        } else if (dice < 40) {
          update(column);
        } else if (dice < 55) {
          upsert(column);
        } else if (dice < 90) {
          read();
        } else {
          delete(column);
        }
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("40")) {
          // A deadlock or serialization failure: the database rolled the statement back and
          // asks the application to retry. Not counted as done, so the bookkeeping stays exact.
          counts.count("retried");
        } else {
          counts.fail(column + ": " + e.getSQLState() + " " + e.getMessage());
        }
      }
    }
  }

  private String nextValue(long id) {
    return "u" + id + "-w" + (++writes) + "@example.com";
  }

  private int write(String sql, Object... parameters) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  private void expectOne(int updated, String what) {
    if (updated != 1) {
      counts.fail(what + " changed " + updated + " rows, expected 1");
    }
  }

  private void insert(String column) throws SQLException {
    long id = nextId++;
    String value = nextValue(id);
    expectOne(write("INSERT INTO customer (id, " + column + ") VALUES (?, ?)", id, value), "insert");
    remember(id, value);
    counts.count("insert");
  }

  private void update(String column) throws SQLException {
    long id = ids.get(random.nextInt(ids.size()));
    String value = nextValue(id);
    expectOne(write("UPDATE customer SET " + column + " = ? WHERE id = ?", value, id), "update");
    rows.put(id, value);
    counts.count("update");
  }

  /** An upsert on a fresh id (it inserts) or on an existing one (it updates), half and half. */
  private void upsert(String column) throws SQLException {
    boolean fresh = random.nextBoolean();
    long id = fresh ? nextId++ : ids.get(random.nextInt(ids.size()));
    String value = nextValue(id);
    String sql = engine == Engine.POSTGRESQL
        ? "INSERT INTO customer (id, " + column + ") VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET "
            + column + " = EXCLUDED." + column
        : "INSERT INTO customer (id, " + column + ") VALUES (?, ?) ON DUPLICATE KEY UPDATE "
            + column + " = VALUES(" + column + ")";
    int updated = write(sql, id, value);
    if (updated < 1) {
      counts.fail("upsert of " + id + " changed no row");
    }
    if (fresh) {
      remember(id, value);
      counts.count("upsertInserted");
    } else {
      rows.put(id, value);
      counts.count("upsertUpdated");
    }
  }

  /**
   * Reads both names. Through the new name, the value last written must come back in every phase;
   * the old name is only read, because right after going back from contract it lags until the
   * backward backfill has run (that window is the operator's, and SPEC §2 names it).
   */
  private void read() throws SQLException {
    long id = ids.get(random.nextInt(ids.size()));
    try (Connection c = pool.getConnection();
        PreparedStatement statement = c.prepareStatement("SELECT id, email, email_address FROM customer WHERE id = ?")) {
      statement.setLong(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          counts.fail("row " + id + " is missing");
        } else if (!rows.get(id).equals(rs.getString("email_address"))) {
          counts.fail("row " + id + ": email_address reads " + rs.getString("email_address") + ", last written "
              + rows.get(id));
        }
      }
    }
    counts.count("read");
  }

  /**
   * Deletes by value, through either name. Through the new name it must hit the row. Through the
   * old name it may miss in the window after going back from contract (the old column lags until the
   * backward backfill); the row then still exists and is counted as such.
   */
  private void delete(String column) throws SQLException {
    int index = random.nextInt(ids.size());
    long id = ids.get(index);
    int deleted = write("DELETE FROM customer WHERE " + column + " = ?", rows.get(id));
    if (deleted == 1) {
      ids.set(index, ids.get(ids.size() - 1));
      ids.remove(ids.size() - 1);
      rows.remove(id);
      counts.count("delete");
    } else if (deleted == 0 && column.equals("email")) {
      counts.count("deleteMissedOldName");
    } else {
      counts.fail("delete of " + id + " through " + column + " deleted " + deleted + " rows");
    }
  }

  private void remember(long id, String value) {
    rows.put(id, value);
    ids.add(id);
  }
}
