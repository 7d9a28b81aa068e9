package dev.tandem.reliability;

import java.util.Arrays;

/**
 * What one row of the stress table must hold: whether it exists, the value each move last got from
 * a committed write (the <em>truth</em>, as the old column's value), and what each column must
 * store now. The stored values follow from SPEC §2 alone: a write in expand or migrated stores both
 * columns; a write in contract stores {@code to} and leaves {@code from} as it was (NULL for a row it
 * inserts); rows written before the expand have {@code to} NULL. While a backfill runs, a column it
 * may change has one alternative value ({@link #alternativeFrom}/{@link #alternativeTo}, else
 * {@link #NONE}). Guarded by the row's lock in {@link TruthTable}; a transaction works on a
 * {@link #copy()} and puts it back on commit.
 */
final class RowTruth {
  /** No alternative: the column must hold exactly the expected value. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "-";
    }
  };

  final long id;
  boolean present;
  /** Whether a write through Tandem ever wrote each move: until then its {@code to} may be NULL in expand. */
  final boolean[] writtenThroughTandem = new boolean[StressMove.values().length];
  final Object[] truth = new Object[StressMove.values().length];
  final Object[] from = new Object[StressMove.values().length];
  final Object[] to = new Object[StressMove.values().length];
  final Object[] alternativeFrom = new Object[StressMove.values().length];
  final Object[] alternativeTo = new Object[StressMove.values().length];

  RowTruth(long id) {
    this.id = id;
    Arrays.fill(alternativeFrom, NONE);
    Arrays.fill(alternativeTo, NONE);
  }

  RowTruth copy() {
    RowTruth copy = new RowTruth(id);
    copy.assign(this);
    return copy;
  }

  void assign(RowTruth other) {
    present = other.present;
    System.arraycopy(other.writtenThroughTandem, 0, writtenThroughTandem, 0, truth.length);
    System.arraycopy(other.truth, 0, truth, 0, truth.length);
    System.arraycopy(other.from, 0, from, 0, from.length);
    System.arraycopy(other.to, 0, to, 0, to.length);
    System.arraycopy(other.alternativeFrom, 0, alternativeFrom, 0, from.length);
    System.arraycopy(other.alternativeTo, 0, alternativeTo, 0, to.length);
  }

  /** A row written before the expand migration, by the old application without Tandem. */
  void seed(Object[] values) {
    present = true;
    for (StressMove move : StressMove.values()) {
      int m = move.ordinal();
      truth[m] = values[m];
      from[m] = values[m];
      to[m] = null;
    }
  }

  /**
   * Records a committed insert of {@code values} (indexed by move, as old-column values), in
   * {@code phase}: every move of the row is written.
   */
  void inserted(Object[] values, boolean contract) {
    present = true;
    for (StressMove move : StressMove.values()) {
      from[move.ordinal()] = null;
      written(move, values[move.ordinal()], contract);
    }
  }

  /** Records a committed write of {@code value} (an old-column value) to {@code move}'s columns. */
  void written(StressMove move, Object value, boolean contract) {
    int m = move.ordinal();
    writtenThroughTandem[m] = true;
    truth[m] = value;
    to[m] = move.forward(value);
    alternativeTo[m] = NONE;
    if (!contract) {
      // In contract the old column is not written (it may already be dropped): it keeps what it had.
      from[m] = value;
      alternativeFrom[m] = NONE;
    }
  }

  void deleted() {
    present = false;
    Arrays.fill(alternativeFrom, NONE);
    Arrays.fill(alternativeTo, NONE);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("row ").append(id).append(present ? "" : " (absent)");
    for (StressMove move : StressMove.values()) {
      int m = move.ordinal();
      s.append(" | ").append(move.from).append('=').append(from[m]);
      if (alternativeFrom[m] != NONE) {
        s.append(" or ").append(alternativeFrom[m]);
      }
      s.append(' ').append(move.to).append('=').append(to[m]);
      if (alternativeTo[m] != NONE) {
        s.append(" or ").append(alternativeTo[m]);
      }
      s.append(" truth=").append(truth[m]);
    }
    return s.toString();
  }
}
