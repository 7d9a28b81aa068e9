package dev.tandem.rules;

import java.util.Objects;

/**
 * What one reference to a moved column becomes in the move's phase: the answer of the
 * {@link PhaseTable} for a write or a read. Immutable.
 *
 * @param kind what happens
 * @param move the move the reference belongs to
 * @param column the column the statement names
 * @param other the move's other column, the one the action adds, writes instead or reads from
 * @param transform the transform applied to the value (writes) or to {@code other} (reads);
 *     {@code null} when the action is {@link Kind#UNCHANGED} or {@link Kind#REFUSE}
 * @param reason why the reference is refused; {@code null} unless the action is {@link Kind#REFUSE}
 */
public record ColumnAction(Kind kind, MoveRule move, Identifier column, Identifier other, Transform transform,
    String reason) {

  /** The actions of SPEC §2's table. */
  public enum Kind {
    /** The reference stays as written. */
    UNCHANGED,
    /** Write: also write {@code other = transform(v)} beside the application's {@code column = v}. */
    ALSO_WRITE,
    /** Write: write {@code other = transform(v)} instead of {@code column = v}. */
    REDIRECT,
    /** Read: {@code COALESCE(column, transform(other))}, since old rows only have {@code other}. */
    FALLBACK,
    /** Read: {@code transform(other)}, labelled {@code column}, since new rows only have {@code other}. */
    COMPUTE,
    /** The reference cannot be served in this phase; the statement is refused with {@link #reason()}. */
    REFUSE
  }

  public ColumnAction {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(move, "move");
    Objects.requireNonNull(column, "column");
  }

  /** Whether the reference changes the statement (or refuses it). */
  public boolean changes() {
    return kind != Kind.UNCHANGED;
  }
}
