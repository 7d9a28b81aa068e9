package dev.tandem.rules;

import java.util.List;

/**
 * Checks the moves of one rule file against each other. Names compare as
 * {@link Identifier#mayBeSameAs} says (case-insensitively unless quoted), because the database is
 * not known when a file is loaded and a conflict on any database is a conflict.
 *
 * <ul>
 *   <li>no two moves have the same table, {@code from} and {@code to}, nor the same name;
 *   <li>a column is moved by one move at a time: no two moves on a table share {@code from}, or {@code to};
 *   <li>no chains ({@code a->b} and {@code b->c} on one table): the rewriter applies each move once,
 *       so a chain would leave {@code c} stale. Finish one move before starting the next.
 * </ul>
 */
final class MoveConflicts {
  /** A move and the column its mapping starts at (the line is in the move). */
  record PlacedMove(MoveRule move, int column) {}

  private final String source;

  MoveConflicts(String source) {
    this.source = source;
  }

  void check(List<PlacedMove> moves) throws RuleFileException {
    for (int i = 0; i < moves.size(); i++) {
      for (int j = 0; j < i; j++) {
        String conflict = conflict(moves.get(j).move(), moves.get(i).move());
        if (conflict != null) {
          throw new RuleFileException(source, moves.get(i).move().line(), moves.get(i).column(), conflict);
        }
      }
    }
  }

  /** Why {@code later} cannot stand beside {@code earlier}, or {@code null}. */
  private static String conflict(MoveRule earlier, MoveRule later) {
    if (earlier.split() != null && later.split() != null && earlier.split().split() == later.split().split()) {
      return null; // the pieces of one split share from and name by design; its targets are checked on reading it
    }
    String where = " (line " + earlier.line() + ")";
    boolean sameTable = earlier.table().mayBeSameAs(later.table());
    boolean sameFrom = sameTable && earlier.from().mayBeSameAs(later.from());
    boolean sameTo = sameTable && earlier.to().mayBeSameAs(later.to());
    if (sameFrom && sameTo) {
      return "move '" + later.name() + "' repeats move '" + earlier.name() + "'" + where
          + ": same table, from and to";
    }
    if (earlier.name().equals(later.name())) {
      return "duplicate move name '" + later.name() + "'; it is already used on line " + earlier.line();
    }
    if (sameFrom) {
      return "column " + later.from() + " of table " + later.table() + " is moved twice, by move '"
          + earlier.name() + "'" + where + " and by move '" + later.name() + "'; a column can be in one move at a time";
    }
    if (sameTo) {
      return "column " + later.to() + " of table " + later.table() + " is the target of two moves, '"
          + earlier.name() + "'" + where + " and '" + later.name() + "'; a column can be in one move at a time";
    }
    if (sameTable && (earlier.to().mayBeSameAs(later.from()) || earlier.from().mayBeSameAs(later.to()))) {
      MoveRule first = earlier.to().mayBeSameAs(later.from()) ? earlier : later;
      MoveRule second = first == earlier ? later : earlier;
      return "moves '" + first.name() + "' and '" + second.name() + "' form a chain on table " + later.table()
          + " (" + first.from() + " -> " + first.to() + " -> " + second.to()
          + "); finish one move (contract, then drop the old column) before starting the next";
    }
    return null;
  }
}
