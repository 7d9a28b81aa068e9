package dev.tandem.rewrite;

import dev.tandem.Dialect;
import dev.tandem.rules.MoveRule;
import java.util.List;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * The tables one query block (or one assignment list) can see, and the enclosing scope, if any.
 * Resolves column references the way SQL does, as far as Tandem needs to know.
 *
 * <ul>
 *   <li>A qualified reference ({@code c.x}) resolves through the aliases and table names of its own
 *       block, then outwards.
 *   <li>An unqualified reference to a moved column resolves to the innermost block that holds a
 *       table moving a column of that name: a database accepts an unqualified name only when one
 *       table of the block has it, and the moved table does. Two moved tables of one block with a
 *       column of that name make the reference ambiguous.
 * </ul>
 */
final class Scope {
  private final Scope parent;
  private final List<TableRef> tables;

  Scope(Scope parent, List<TableRef> tables) {
    this.parent = parent;
    this.tables = List.copyOf(tables);
  }

  List<TableRef> tables() {
    return tables;
  }

  /** Thrown when an unqualified reference could belong to two moved tables. */
  static final class AmbiguousColumn extends Exception {
    private static final long serialVersionUID = 1L;

    AmbiguousColumn(String column) {
      super("column " + column + " could belong to more than one moved table; qualify it", null, false, false);
    }
  }

  /**
   * The table {@code column} belongs to, or {@code null} when it is none of the tables in scope or
   * (for an unqualified name) none of the moved ones. A lone table in this scope owns every other
   * unqualified name.
   */
  TableRef resolve(Column column, Dialect dialect) throws AmbiguousColumn {
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      for (Scope s = this; s != null; s = s.parent) {
        for (TableRef t : s.tables) {
          if (t.isNamedBy(qualifier, dialect)) {
            return t;
          }
        }
      }
      return null;
    }
    String name = column.getColumnName();
    for (Scope s = this; s != null; s = s.parent) {
      TableRef owner = null;
      for (TableRef t : s.tables) {
        if (movesColumn(t, name, dialect)) {
          if (owner != null) {
            throw new AmbiguousColumn(name);
          }
          owner = t;
        }
      }
      if (owner != null) {
        return owner;
      }
    }
    return tables.size() == 1 ? tables.get(0) : null;
  }

  private static boolean movesColumn(TableRef table, String column, Dialect dialect) {
    for (MoveRule move : table.moves()) {
      if (move.from().matches(column, dialect) || move.to().matches(column, dialect)) {
        return true;
      }
    }
    return false;
  }
}
