package dev.tandem.cli;

import dev.tandem.rules.MoveRule;

/** Which column a backfill fills from the other. */
public enum BackfillDirection {
  /** {@code to = forward(from)}, where {@code to} is NULL and {@code from} is not: what the expand phase needs. */
  FORWARD,
  /**
   * {@code from = backward(to)}, where {@code to} holds a value and {@code from} is NULL or stale
   * ({@code to} is not {@code forward(from)}): what going back from {@code contract} to
   * {@code migrated} needs (SPEC §2), since contract writes {@code to} alone. One-way moves have no backward.
   */
  BACKWARD;

  /** Whether this direction can fill {@code move}; a one-way move cannot be filled backward. */
  public boolean appliesTo(MoveRule move) {
    return this == FORWARD || !MoveSql.oneWay(move);
  }

  /** The column this direction fills, as named in the rule file. */
  public String target(MoveRule move) {
    return (this == FORWARD ? move.to() : move.from()).toString();
  }
}
