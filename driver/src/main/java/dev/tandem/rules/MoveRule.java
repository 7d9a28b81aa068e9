package dev.tandem.rules;

import java.util.Objects;

/**
 * One in-progress column move: {@code table.from} is being replaced by {@code table.to}.
 *
 * @param name a name for errors and metrics; defaults to {@code table.from->to}
 * @param table the table that holds both columns
 * @param from the old column
 * @param to the new column
 * @param forward the new value from an old one ({@code {from}} when the rule file gives none)
 * @param backward the old value from a new one, or {@code null} for a one-way move, where rows
 *     written by the new version leave {@code from} NULL
 * @param phase where the move stands
 * @param line the line of the move in its rule file (1-based), or 0 when it was not read from a file
 * @param serving which phase's writes and reads apply; {@link MoveServing#of(Phase) phase}'s own unless a
 *     fleet's instances apply different revisions (a rule file always means the phase it gives)
 * @param split the split this move is a piece of ({@link SplitRule#pieces()}), or {@code null} for a
 *     one-column move
 */
public record MoveRule(
    String name,
    TableName table,
    Identifier from,
    Identifier to,
    Transform forward,
    Transform backward,
    Phase phase,
    int line,
    MoveServing serving,
    SplitPart split) {

  public MoveRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(phase, "phase");
    if (serving == null) {
      serving = MoveServing.of(phase);
    }
  }

  /** A one-column move served as {@code serving} says. */
  public MoveRule(String name, TableName table, Identifier from, Identifier to, Transform forward, Transform backward,
      Phase phase, int line, MoveServing serving) {
    this(name, table, from, to, forward, backward, phase, line, serving, null);
  }

  /** A move served as its phase says, as a rule file defines it. */
  public MoveRule(String name, TableName table, Identifier from, Identifier to, Transform forward, Transform backward,
      Phase phase, int line) {
    this(name, table, from, to, forward, backward, phase, line, null);
  }

  /** The default name of a move: {@code table.from->to}. */
  public static String defaultName(TableName table, Identifier from, Identifier to) {
    return table + "." + from + "->" + to;
  }

  /** Whether rows written through the new column leave the old one NULL. */
  public boolean oneWay() {
    return backward == null;
  }

  /**
   * What tells this move from every other of its rule set: its name, and for a piece of a split (whose
   * pieces share the split's name) also its target, {@code name[first_name]}.
   */
  public String key() {
    return split == null ? name : name + "[" + to + "]";
  }

  /** {@code move <name>}, the prefix of every message about this move. */
  public String describe() {
    return "move " + name;
  }

  /** The same move at another phase, served as that phase. */
  public MoveRule withPhase(Phase newPhase) {
    return new MoveRule(name, table, from, to, forward, backward, newPhase, line, null,
        split == null ? null : new SplitPart(split.split().withPhase(newPhase), split.index()));
  }

  /** The same move at its phase, served as {@code newServing} says (a fleet's combination). */
  public MoveRule withServing(MoveServing newServing) {
    return new MoveRule(name, table, from, to, forward, backward, phase, line, newServing, split);
  }

  /** Whether {@code other} moves the same columns of the same table with the same transforms. */
  public boolean sameDefinition(MoveRule other) {
    return table.equals(other.table) && from.equals(other.from) && to.equals(other.to)
        && forward.equals(other.forward) && Objects.equals(backward, other.backward)
        && Objects.equals(split == null ? null : split.split().backward(),
            other.split == null ? null : other.split.split().backward());
  }
}
