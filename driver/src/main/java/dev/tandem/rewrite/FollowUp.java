package dev.tandem.rewrite;

import java.util.Objects;

/**
 * A statement Tandem runs right after the application's, in the same transaction, so that a write of a
 * column moved to another table reaches both tables (docs/behaviour.md §13).
 *
 * @param sql the follow-up's SQL; its {@code ?} markers take application parameters ({@code sources})
 * @param sources for each marker of {@code sql} in order, the application's parameter index (1-based) whose
 *     value it takes
 * @param move the name of the move that asks for it
 * @param onlyAfterRows run it only when the application's statement wrote some row (a contract write of the
 *     other table must not create a row for a key the statement did not find)
 */
public record FollowUp(String sql, int[] sources, String move, boolean onlyAfterRows) {

  public FollowUp {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(move, "move");
    sources = sources.clone();
  }

  /** The application's parameter index whose value marker {@code marker} (1-based) of {@link #sql} takes. */
  public int sourceOf(int marker) {
    return sources[marker - 1];
  }

  /** How many markers {@link #sql} has. */
  public int markerCount() {
    return sources.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FollowUp f && sql.equals(f.sql) && java.util.Arrays.equals(sources, f.sources)
        && move.equals(f.move) && onlyAfterRows == f.onlyAfterRows;
  }

  @Override
  public int hashCode() {
    return sql.hashCode() * 31 + java.util.Arrays.hashCode(sources);
  }

  @Override
  public String toString() {
    return "FollowUp[" + sql + ", sources " + java.util.Arrays.toString(sources) + ", " + move
        + (onlyAfterRows ? ", only after rows" : "") + "]";
  }
}
