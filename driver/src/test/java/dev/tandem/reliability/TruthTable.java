package dev.tandem.reliability;

import dev.tandem.rules.Phase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The stress test's record of the truth, row by row, and the rules that say what the database and
 * a read through Tandem must show for it. Rows {@code 1..size} are shared by all threads; a thread
 * takes the locks of the rows it touches (always in id order), so that while it holds them it alone
 * writes them and knows their latest committed state exactly.
 *
 * <p>The phase gate: a worker holds it (shared) around one operation, the operator (exclusively)
 * while it switches the rule file and waits for the driver to load it. So every statement of an
 * operation runs under one known phase, while prepared statements still outlive many reloads.
 * Lock order, to stay free of deadlocks: the gate, then row locks in id order.
 *
 * <p>The windows SPEC §2 allows, and nothing else (checked by {@link #checkWindows}):
 * <ul>
 *   <li>a move's {@code to} may be NULL only on a row whose move was never written through Tandem,
 *       while the first forward backfill has not finished ({@link #newMayBeNull});
 *   <li>{@code from} may differ from the truth only in contract, and after contract → migrated until
 *       the backward backfill has finished ({@link #oldMayLag}).
 * </ul>
 */
final class TruthTable {
  private final RowTruth[] rows;
  private final ReentrantLock[] locks;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
  private volatile Phase phase = Phase.EXPAND;
  private volatile boolean newMayBeNull = true;
  private volatile boolean oldMayLag;

  TruthTable(int size) {
    rows = new RowTruth[size];
    locks = new ReentrantLock[size];
    for (int i = 0; i < size; i++) {
      rows[i] = new RowTruth(i + 1);
      locks[i] = new ReentrantLock();
    }
  }

  int size() {
    return rows.length;
  }

  /** The row with {@code id}; read or change it only while holding its lock. */
  RowTruth row(long id) {
    return rows[(int) id - 1];
  }

  void lock(long id) {
    locks[(int) id - 1].lock();
  }

  void unlock(long id) {
    locks[(int) id - 1].unlock();
  }

  void enterOperation() {
    gate.readLock().lock();
  }

  void leaveOperation() {
    gate.readLock().unlock();
  }

  void enterSwitch() {
    gate.writeLock().lock();
  }

  void leaveSwitch() {
    gate.writeLock().unlock();
  }

  /** The phase in force; constant while a worker is inside an operation. */
  Phase phase() {
    return phase;
  }

  /** Set by the operator while it holds the gate exclusively, once the driver has loaded {@code next}. */
  void phase(Phase next) {
    phase = next;
    if (next == Phase.CONTRACT) {
      oldMayLag = true;
    }
  }

  boolean oldMayLag() {
    return oldMayLag;
  }

  /** The backward backfill after contract has finished and its rows are resolved: the old column is exact again. */
  void oldColumnCaughtUp() {
    if (phase != Phase.CONTRACT) {
      oldMayLag = false;
    }
  }

  /** The first forward backfill has finished and its rows are resolved: no row lacks the new column any more. */
  void newColumnFilled() {
    newMayBeNull = false;
  }

  /**
   * Before a backfill of {@code move}: every row it may change gets the value it would write as an
   * alternative, until {@link #resolveBackfill} (the backfill runs beside the workers, so a row may be
   * seen before or after it).
   */
  void prepareBackfill(StressMove move, boolean forward) {
    int m = move.ordinal();
    for (RowTruth row : rows) {
      lock(row.id);
      try {
        if (!row.present) {
          continue;
        }
        if (forward && row.to[m] == null && row.from[m] != null) {
          row.alternativeTo[m] = move.forward(row.from[m]);
        } else if (!forward && row.to[m] != null && !StressMove.same(row.to[m], move.forward(row.from[m]))) {
          row.alternativeFrom[m] = move.backward(row.to[m]);
        }
      } finally {
        unlock(row.id);
      }
    }
  }

  /** After a backfill of {@code move} has finished: the alternatives become the expected values. */
  void resolveBackfill(StressMove move) {
    int m = move.ordinal();
    for (RowTruth row : rows) {
      lock(row.id);
      try {
        if (row.alternativeTo[m] != RowTruth.NONE) {
          row.to[m] = row.alternativeTo[m];
          row.alternativeTo[m] = RowTruth.NONE;
        }
        if (row.alternativeFrom[m] != RowTruth.NONE) {
          row.from[m] = row.alternativeFrom[m];
          row.alternativeFrom[m] = RowTruth.NONE;
        }
      } finally {
        unlock(row.id);
      }
    }
  }

  /**
   * What a read of {@code move}'s column through Tandem must return in {@code phase}, per SPEC §2:
   * {@code to} reads {@code COALESCE(to, forward(from))} in expand and {@code to} otherwise;
   * {@code from} reads {@code backward(to)} in contract and {@code from} otherwise. Gives one value,
   * or two when a running backfill may have changed the row.
   */
  static List<Object> readable(RowTruth row, StressMove move, boolean oldVersion, Phase phase) {
    int m = move.ordinal();
    List<Object> values = new ArrayList<>(2);
    values.add(view(move, oldVersion, phase, row.from[m], row.to[m]));
    if (row.alternativeFrom[m] != RowTruth.NONE || row.alternativeTo[m] != RowTruth.NONE) {
      Object from = row.alternativeFrom[m] != RowTruth.NONE ? row.alternativeFrom[m] : row.from[m];
      Object to = row.alternativeTo[m] != RowTruth.NONE ? row.alternativeTo[m] : row.to[m];
      values.add(view(move, oldVersion, phase, from, to));
    }
    return values;
  }

  private static Object view(StressMove move, boolean oldVersion, Phase phase, Object from, Object to) {
    if (oldVersion) {
      return phase == Phase.CONTRACT ? move.backward(to) : from;
    }
    if (phase == Phase.EXPAND && to == null) {
      return move.forward(from);
    }
    return to;
  }

  static boolean oneOf(Object actual, List<Object> allowed) {
    return allowed.stream().anyMatch(v -> StressMove.same(actual, v));
  }

  /**
   * Checks a row as stored (read on a raw connection, bypassing Tandem; {@code rs} on a row of
   * {@code SELECT email, email_address, price_cents, price}, or null when the row is missing) against
   * what {@code row} says. Returns the mismatch, or null.
   */
  static String checkStored(RowTruth row, ResultSet rs, String when) throws SQLException {
    if (rs == null) {
      return row.present ? when + ": " + row + " is missing" : null;
    }
    if (!row.present) {
      return when + ": row " + row.id + " exists but was deleted";
    }
    StringBuilder bad = new StringBuilder();
    for (StressMove move : StressMove.values()) {
      int m = move.ordinal();
      Object from = rs.getObject(move.from);
      Object to = rs.getObject(move.to);
      if (!StressMove.same(from, row.from[m]) && !StressMove.same(from, row.alternativeFrom[m])) {
        bad.append(' ').append(move.from).append(" holds ").append(from);
      }
      if (!StressMove.same(to, row.to[m]) && !StressMove.same(to, row.alternativeTo[m])) {
        bad.append(' ').append(move.to).append(" holds ").append(to);
      }
    }
    return bad.length() == 0 ? null : when + ":" + bad + "; expected " + row;
  }

  /**
   * Checks that what {@code row} expects stays within the windows SPEC §2 allows (see the class
   * comment): a second line of defence, against a model of the truth that allows more than the SPEC.
   */
  String checkWindows(RowTruth row, String when) {
    if (!row.present) {
      return null;
    }
    for (StressMove move : StressMove.values()) {
      int m = move.ordinal();
      Object wantTo = move.forward(row.truth[m]);
      boolean toOk = StressMove.same(row.to[m], wantTo)
          || (row.to[m] == null && newMayBeNull && !row.writtenThroughTandem[m]);
      boolean fromOk = StressMove.same(row.from[m], row.truth[m]) || oldMayLag;
      if (!toOk || !fromOk) {
        return when + ": outside the windows SPEC §2 allows (phase " + phase + ", new column may be NULL: "
            + newMayBeNull + ", old column may lag: " + oldMayLag + "): " + row;
      }
    }
    return null;
  }
}
