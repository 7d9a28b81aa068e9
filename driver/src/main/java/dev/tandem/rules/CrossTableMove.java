package dev.tandem.rules;

import java.util.Objects;

/**
 * One in-progress move of a column to another table, one row there per row here
 * (docs/behaviour.md §13): {@code table.from} is becoming {@code toTable.to}, the rows paired by
 * {@code table.key = toTable.toKey}.
 *
 * <p>Tandem keeps the two copies in step by running, after a write of one copy, a follow-up statement in the
 * same transaction that copies the rows just written to the other table (or, in contract, writes only the
 * other table). Which rows were written is read from the statement itself: their keys.
 *
 * @param name a name for errors and metrics; defaults to {@code table.from->toTable.to}
 * @param table the table that holds the old column
 * @param from the old column
 * @param key the column of {@code table} that pairs its rows with {@code toTable}'s (unique)
 * @param toTable the table that holds the new column, in the same schema
 * @param to the new column
 * @param toKey the column of {@code toTable} holding {@code table.key} (unique)
 * @param phase where the move stands
 * @param line the line of the move in its rule file (1-based), or 0 when it was not read from a file
 */
public record CrossTableMove(String name, TableName table, Identifier from, Identifier key, TableName toTable,
    Identifier to, Identifier toKey, Phase phase, int line) {

  public CrossTableMove {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(toTable, "toTable");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(toKey, "toKey");
    Objects.requireNonNull(phase, "phase");
  }

  /** The default name: {@code table.from->toTable.to}. */
  public static String defaultName(TableName table, Identifier from, TableName toTable, Identifier to) {
    return table + "." + from + "->" + toTable.table() + "." + to;
  }

  /** {@code move <name>}, the prefix of every message about this move. */
  public String describe() {
    return "move " + name;
  }

  /** The same move at another phase. */
  public CrossTableMove withPhase(Phase newPhase) {
    return new CrossTableMove(name, table, from, key, toTable, to, toKey, newPhase, line);
  }

  /** Whether {@code other} moves the same column to the same place, paired by the same keys. */
  public boolean sameDefinition(CrossTableMove other) {
    return table.equals(other.table) && from.equals(other.from) && key.equals(other.key)
        && toTable.equals(other.toTable) && to.equals(other.to) && toKey.equals(other.toKey);
  }
}
