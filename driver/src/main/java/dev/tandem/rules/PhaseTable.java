package dev.tandem.rules;

import dev.tandem.dialect.Dialect;

/**
 * SPEC §2's phase table, decided in one place: what a write of a moved column becomes and what a
 * read of one becomes, for a move in its phase. Every rewriter asks this table for every reference
 * it finds (assignments, column lists, select items, stars, predicates, conflict targets, upsert
 * values, {@code RETURNING}, generated-key names) instead of deciding the phase itself.
 *
 * <pre>
 * phase      writes naming from        writes naming to              reads of to                 reads of from
 * expand     also to = forward(v)      also from = backward(v)       COALESCE(to, forward(from)) unchanged
 * migrated   also to = forward(v)      also from = backward(v)       unchanged                   unchanged
 * contract   to = forward(v) instead   unchanged                     unchanged                   backward(to) AS from
 * </pre>
 *
 * A one-way move ({@code backward: null}) adds nothing to writes of {@code to}, and refuses reads
 * of {@code from} in contract: there is no way to compute them.
 *
 * <p>Writes follow the phase of {@link MoveServing#writes()} and reads that of
 * {@link MoveServing#reads()}: for a move from a rule file both are its phase; a fleet that is switching
 * phase serves a move with the writes of one phase and the reads of another (for instance writes as
 * migrated, reads as contract), or clears {@code to} on writes of {@code from}, or refuses the move
 * (see {@code dev.tandem.fleet.FleetPhases}). What a reference to the inserted row of an upsert and a
 * conflict target become depends on what the insert wrote, so they follow the writes.
 */
public final class PhaseTable {
  /** What writes of {@code from} put into {@code to} while some instance still writes only {@code from}. */
  private static final Transform CLEARED = Transform.forward("NULL");

  private PhaseTable() {}

  /** Which of a move's two columns a reference names, or {@code null} for neither. */
  public enum Side {
    FROM,
    TO
  }

  /** Which column of {@code move} {@code column} (as written in SQL) names, or {@code null}. */
  public static Side sideOf(MoveRule move, String column, Dialect dialect) {
    if (move.from().matches(column, dialect)) {
      return Side.FROM;
    }
    return move.to().matches(column, dialect) ? Side.TO : null;
  }

  /** Which column of {@code move} {@code column}, a name as metadata spells it, is, or {@code null}. */
  public static Side sideOfExact(MoveRule move, String column, Dialect dialect) {
    String canonical = dialect.canonical(column, true);
    if (move.from().canonical(dialect).equals(canonical)) {
      return Side.FROM;
    }
    return move.to().canonical(dialect).equals(canonical) ? Side.TO : null;
  }

  /** The side of {@code move} that {@code column}, one of the move's own two identifiers, is on. */
  public static Side side(MoveRule move, Identifier column) {
    return column == move.from() ? Side.FROM : Side.TO;
  }

  /** The column of {@code move} on {@code side}. */
  public static Identifier column(MoveRule move, Side side) {
    return side == Side.FROM ? move.from() : move.to();
  }

  /**
   * What a write that names {@code from} ({@code namesFrom}) and/or {@code to} ({@code namesTo})
   * of {@code move} becomes. {@link ColumnAction#column()} is the column whose value is used.
   * A write naming both columns is the statement's own business and stays unchanged.
   */
  public static ColumnAction write(MoveRule move, boolean namesFrom, boolean namesTo) {
    MoveServing serving = move.serving();
    if (serving.refusal() != null && (namesFrom || namesTo)) {
      return refused(move, namesFrom ? move.from() : move.to(), serving.refusal());
    }
    if (serving.clearsTo() && namesTo) {
      // Even a statement that writes both columns itself: its value of to would go stale under an instance
      // that writes only from, and be read through COALESCE once the fleet has converged.
      return refused(move, move.to(), "the statement writes " + move.to() + ", and some live instance of the"
          + " fleet does not apply the move yet and writes only " + move.from() + ", which would leave the value"
          + " stale; wait until every instance applies the move (tandem status)");
    }
    if (namesFrom == namesTo) {
      return unchanged(move, namesFrom ? move.from() : move.to());
    }
    boolean contract = serving.writes() == Phase.CONTRACT;
    if (namesFrom) {
      if (contract && (move.split() == null || move.split().redirectsFrom())) {
        return new ColumnAction(ColumnAction.Kind.REDIRECT, move, move.from(), move.to(), move.forward(), null);
      }
      if (contract) {
        // A split in contract: one piece takes over the assignment of from, the others add their target beside it.
        return new ColumnAction(ColumnAction.Kind.ALSO_WRITE, move, move.from(), move.to(), move.forward(), null);
      }
      Transform transform = serving.clearsTo() ? CLEARED : move.forward();
      return new ColumnAction(ColumnAction.Kind.ALSO_WRITE, move, move.from(), move.to(), transform, null);
    }
    if (contract || move.oneWay()) {
      return unchanged(move, move.to());
    }
    return new ColumnAction(ColumnAction.Kind.ALSO_WRITE, move, move.to(), move.from(), move.backward(), null);
  }

  /**
   * What a write naming some target of the split {@code piece} belongs to (and, with {@code namesFrom},
   * its old column too) adds for the old column: {@code from = backward(targets)} in expand and
   * migrated ({@link ColumnAction.Kind#ALSO_WRITE}, {@code column} the piece's target, {@code other}
   * {@code from}, the transform {@link SplitRule#backwardTemplate()}), nothing in contract, for a
   * one-way split, or when the statement writes {@code from} itself. The pieces' own {@link #write}
   * leaves writes of targets alone: the backward needs every target at once.
   */
  public static ColumnAction writeSplitBackward(MoveRule piece, boolean namesFrom, boolean namesTargets) {
    SplitRule split = piece.split().split();
    MoveServing serving = piece.serving();
    if (serving.refusal() != null && namesTargets) {
      return refused(piece, piece.to(), serving.refusal());
    }
    if (!namesTargets || namesFrom || split.oneWay() || serving.writes() == Phase.CONTRACT || serving.clearsTo()) {
      return unchanged(piece, piece.to());
    }
    return new ColumnAction(ColumnAction.Kind.ALSO_WRITE, piece, piece.to(), piece.from(), split.backwardTemplate(),
        null);
  }

  /** What a read of the stored row's {@code side} column of {@code move} becomes. */
  public static ColumnAction read(MoveRule move, Side side) {
    Identifier column = column(move, side);
    Phase reads = move.serving().reads();
    if (move.serving().refusal() != null) {
      return refused(move, column, move.serving().refusal());
    }
    if (reads == Phase.EXPAND && side == Side.TO) {
      return new ColumnAction(ColumnAction.Kind.FALLBACK, move, column, move.from(), move.forward(), null);
    }
    if (reads == Phase.CONTRACT && side == Side.FROM) {
      return computedFrom(move, "the statement reads " + move.from());
    }
    return unchanged(move, column);
  }

  /**
   * What a read of the value an upsert is inserting ({@code EXCLUDED.c}, MariaDB's
   * {@code VALUES(c)}) becomes, given what the insert part names. The insert part has already been
   * rewritten by {@link #write}: in expand and migrated it fills both columns, so the value reads
   * as written; in contract it fills only {@code to}, so the inserted {@code from} is
   * {@code backward(to)} unless the statement writes both columns itself.
   */
  public static ColumnAction readInserted(MoveRule move, Side side, boolean insertNamesBoth) {
    if (move.serving().refusal() != null) {
      return refused(move, column(move, side), move.serving().refusal());
    }
    if (move.serving().writes() == Phase.CONTRACT && side == Side.FROM && !insertNamesBoth) {
      return computedFrom(move, "the upsert reads the inserted " + move.from());
    }
    return unchanged(move, column(move, side));
  }

  /**
   * What a conflict target ({@code ON CONFLICT (c)}) naming {@code side} becomes: in contract the
   * unique key the old version meant is carried by {@code to}, the column the row is written to.
   */
  public static ColumnAction conflictTarget(MoveRule move, Side side) {
    if (move.serving().writes() == Phase.CONTRACT && side == Side.FROM && move.split() != null) {
      return refused(move, move.from(), "the conflict target " + move.from() + " is split into "
          + move.split().split().targets() + " in contract, and no one of them carries its unique key; name the "
          + "targets' own unique key");
    }
    if (move.serving().writes() == Phase.CONTRACT && side == Side.FROM) {
      return new ColumnAction(ColumnAction.Kind.REDIRECT, move, move.from(), move.to(), null, null);
    }
    return unchanged(move, column(move, side));
  }

  /** Whether some read of {@code move}'s columns changes in its phase (so stars must be expanded). */
  public static boolean changesReads(MoveRule move) {
    return read(move, Side.FROM).changes() || read(move, Side.TO).changes();
  }

  private static ColumnAction computedFrom(MoveRule move, String what) {
    if (move.split() != null && !move.split().split().oneWay()) {
      // Every piece answers alike: backward of all the targets, which ReadReference fills in.
      return new ColumnAction(ColumnAction.Kind.COMPUTE, move, move.from(), move.to(),
          move.split().split().backwardTemplate(), null);
    }
    if (move.oneWay()) {
      return new ColumnAction(ColumnAction.Kind.REFUSE, move, move.from(), move.to(), null, what
          + ", which the contract phase retires, and the move is one-way (backward: null), so its value cannot be "
          + "computed from " + move.to() + "; retire the application versions that read " + move.from()
          + " before the move reaches contract");
    }
    return new ColumnAction(ColumnAction.Kind.COMPUTE, move, move.from(), move.to(), move.backward(), null);
  }

  private static ColumnAction refused(MoveRule move, Identifier column, String reason) {
    return new ColumnAction(ColumnAction.Kind.REFUSE, move, column, null, null, reason);
  }

  private static ColumnAction unchanged(MoveRule move, Identifier column) {
    return new ColumnAction(ColumnAction.Kind.UNCHANGED, move, column, null, null, null);
  }
}
