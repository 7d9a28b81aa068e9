package dev.tandem.cli;

import dev.tandem.rules.MoveRule;

/**
 * Hears how a {@link Backfill} goes. Called on the backfill's thread, after each batch has been
 * committed; an exception thrown here stops the backfill there, with every batch so far kept.
 */
public interface BackfillListener {
  /** Hears nothing. */
  BackfillListener NONE = new BackfillListener() {};

  /**
   * The backfill of {@code move} starts.
   *
   * @param lacking the rows that lacked the value when it started; writers may add more meanwhile
   */
  default void started(MoveRule move, BackfillDirection direction, long lacking) {}

  /**
   * A batch was committed.
   *
   * @param filled the rows filled so far, this one included
   */
  default void batchDone(MoveRule move, long filled, int batches) {}

  /** The backfill of {@code move} finished; {@code result} says what it did. */
  default void finished(MoveRule move, Backfill.Result result) {}
}
