package dev.tandem.rules;

import java.util.Objects;

/**
 * One in-progress table rename: {@code table} is becoming {@code renameTo} (docs/behaviour.md §11).
 *
 * <p>Unlike a column move there is never a second copy to keep in step: the rename migration is one
 * atomic {@code ALTER TABLE table RENAME TO renameTo}, so at every moment exactly one of the two names
 * is the physical table (the old one may remain as a view over the new one). Tandem sends each
 * statement naming the name that is not a table to the one that is, as table metadata says.
 *
 * @param name a name for errors and metrics; defaults to {@code table->renameTo}
 * @param table the old name of the table
 * @param renameTo the new name, in the same schema
 * @param phase {@link Phase#EXPAND} (the rename migration may run at any time) or {@link Phase#CONTRACT}
 *     (it has run: the new name must be the table); {@link Phase#MIGRATED} has no meaning for a rename
 * @param line the line of the rename in its rule file (1-based), or 0 when it was not read from a file
 */
public record TableRename(String name, TableName table, TableName renameTo, Phase phase, int line) {

  public TableRename {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(renameTo, "renameTo");
    Objects.requireNonNull(phase, "phase");
    if (phase == Phase.MIGRATED) {
      throw new IllegalArgumentException("a table rename is in phase expand or contract, not migrated");
    }
  }

  /** The default name of a rename: {@code table->renameTo}. */
  public static String defaultName(TableName table, TableName renameTo) {
    return table + "->" + renameTo.table();
  }

  /** {@code move <name>}, the prefix of every message about this rename (it is a move of a table). */
  public String describe() {
    return "move " + name;
  }

  /** Whether {@code other} renames the same table to the same name. */
  public boolean sameDefinition(TableRename other) {
    return table.equals(other.table) && renameTo.equals(other.renameTo);
  }

  /** The same rename at another phase. */
  public TableRename withPhase(Phase newPhase) {
    return new TableRename(name, table, renameTo, newPhase, line);
  }
}
