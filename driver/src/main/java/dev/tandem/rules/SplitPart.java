package dev.tandem.rules;

/**
 * Marks a {@link MoveRule} as the piece of a {@link SplitRule} that writes and reads target
 * {@code index}. The phase table asks it where a split differs from a one-column move.
 *
 * @param split the split the piece belongs to
 * @param index which of its targets the piece's {@code to} is
 */
public record SplitPart(SplitRule split, int index) {
  /**
   * Whether this piece is the one that takes over the application's own assignment of {@code from}
   * in contract (the last target); the others add their target beside it. The last, because the
   * writers handle pieces in target order and the others copy the value before it is replaced.
   */
  public boolean redirectsFrom() {
    return index == split.targets().size() - 1;
  }

  /** Whether this is the first piece: the one that speaks for the split where one answer is enough. */
  public boolean first() {
    return index == 0;
  }
}
