package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import java.sql.SQLException;
import java.util.List;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * The tables one query block (or one assignment list) can see, and the enclosing scope, if any.
 * Resolves column references the way the database does, as far as Tandem needs to know.
 *
 * <ul>
 *   <li>A qualified reference ({@code c.x}) resolves through the aliases and table names of its own
 *       block, then outwards.
 *   <li>An unqualified reference, when table metadata is at hand, resolves to the innermost block
 *       with a table that has a column of that name, as the database decides: a stored table by its
 *       metadata, a derived table or CTE by its select list ({@link OutputColumns}), a moved table
 *       by both names of each of its moves (its old column may already be dropped, its new one not
 *       yet added). Two tables of one block with the name make it ambiguous: the database rejects
 *       it, and Tandem refuses it when one of them is moved, rather than send a rewrite that could
 *       hide the ambiguity. A table whose columns are unknown (a table function, a derived table
 *       whose select list names an expression) might have the name: when the name would otherwise
 *       reach a moved table further out, the reference is refused.
 *   <li>Without metadata (no database at hand, {@link TableColumns#NONE}), SPEC §3's rule: the
 *       innermost block that holds a table moving a column of that name.
 * </ul>
 */
final class Scope {
  private final Scope parent;
  private final List<TableRef> tables;
  /** Where table metadata comes from, or {@code null} to resolve by SPEC §3's rule alone. */
  private final RewriteContext metadata;

  /** A scope that resolves unqualified names by SPEC §3's rule alone. */
  Scope(Scope parent, List<TableRef> tables) {
    this(parent, tables, null);
  }

  /** A scope that resolves unqualified names from the table metadata of {@code ctx}, when it has any. */
  Scope(Scope parent, List<TableRef> tables, RewriteContext ctx) {
    this.parent = parent;
    this.tables = List.copyOf(tables);
    this.metadata = ctx != null && ctx.knowsTables() ? ctx : null;
  }

  List<TableRef> tables() {
    return tables;
  }

  /** Thrown when an unqualified reference could belong to more than one table, one of them moved. */
  static final class AmbiguousColumn extends Exception {
    private static final long serialVersionUID = 1L;

    AmbiguousColumn(String column) {
      this("column " + column + " could belong to more than one moved table; qualify it", true);
    }

    private AmbiguousColumn(String message, boolean unused) {
      super(message, null, false, false);
    }

    static AmbiguousColumn of(String column, TableRef one, TableRef other) {
      return new AmbiguousColumn("column " + column + " is a column of both " + one + " and " + other
          + ", so the database would reject it as ambiguous; qualify it", true);
    }

    static AmbiguousColumn unknown(String column, TableRef unknown, TableRef moved) {
      return new AmbiguousColumn("column " + column + " could be a column of " + unknown + ", whose columns "
          + "are unknown, or of the moved table " + moved + " in an enclosing query; qualify it", true);
    }
  }

  /** Whether a table has a column of a name: yes, no, or unknown ({@code null}). */
  private Boolean has(TableRef table, String name, Dialect dialect) throws SQLException {
    if (movesColumn(table, name, dialect)) {
      return Boolean.TRUE;
    }
    String wanted = dialect.canonical(name);
    if (!table.isDerived()) {
      List<String> columns = metadata.knownColumns(table.table());
      if (columns != null) {
        for (String column : columns) {
          if (dialect.canonical(column, true).equals(wanted)) {
            return Boolean.TRUE;
          }
        }
        return Boolean.FALSE;
      }
    }
    return table.outputs() == null ? null : table.outputs().contains(wanted);
  }

  /**
   * The table {@code column} belongs to, or {@code null} when it is none of the tables in scope or
   * (for an unqualified name) none of the moved ones. A lone table in this scope owns every other
   * unqualified name.
   */
  TableRef resolve(Column column, Dialect dialect) throws SQLException, AmbiguousColumn {
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
    // A name no move in scope has cannot be rewritten, whoever owns it: metadata is not asked, and the
    // plan stays independent of it (and cacheable).
    TableRef owner = metadata == null || !movedInScope(name, dialect) ? bySpecRule(this, name, dialect)
        : byMetadata(name, dialect);
    if (owner != null) {
      return owner;
    }
    return tables.size() == 1 ? tables.get(0) : null;
  }

  /** The innermost table moving a column {@code name}, from {@code start} outwards (SPEC §3). */
  private static TableRef bySpecRule(Scope start, String name, Dialect dialect) throws AmbiguousColumn {
    for (Scope s = start; s != null; s = s.parent) {
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
    return null;
  }

  private TableRef byMetadata(String name, Dialect dialect) throws SQLException, AmbiguousColumn {
    for (Scope s = this; s != null; s = s.parent) {
      if (s.tables.size() == 1 && movesColumn(s.tables.get(0), name, dialect)) {
        return s.tables.get(0); // a lone moved table needs no metadata to own its own column
      }
      TableRef owner = null;
      TableRef unknown = null;
      for (TableRef t : s.tables) {
        Boolean has = has(t, name, dialect);
        if (has == null) {
          unknown = unknown == null ? t : unknown;
        } else if (has) {
          if (owner != null && (movesColumn(owner, name, dialect) || movesColumn(t, name, dialect))) {
            throw AmbiguousColumn.of(name, owner, t);
          }
          owner = owner == null ? t : owner; // two tables without a move on it: the database reports it
        }
      }
      if (owner != null) {
        return owner;
      }
      if (unknown != null) {
        TableRef moved = bySpecRule(s.parent, name, dialect);
        if (moved != null) {
          throw AmbiguousColumn.unknown(name, unknown, moved);
        }
        return null;
      }
    }
    return null;
  }

  /**
   * Whether a table of this block other than {@code owner} has, or may have, a column {@code name}:
   * an unqualified reference to it that Tandem adds next to {@code owner}'s column would then be
   * ambiguous or belong to the other table. Known only from metadata; {@code false} without it.
   */
  boolean mayCapture(TableRef owner, String name, Dialect dialect) throws SQLException {
    if (metadata == null) {
      return false;
    }
    for (TableRef t : tables) {
      if (t != owner && !Boolean.FALSE.equals(has(t, name, dialect))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some table in scope has a column {@code name} ({@code TRUE}), none has but some table's
   * columns are unknown ({@code null}), or none has ({@code FALSE}). PostgreSQL reads a bare name
   * as a column of any enclosing block before it reads it as the whole row of a table of that name.
   * Without metadata only the moves' columns count as columns (SPEC §3's rule: the tables are
   * taken to have no others).
   */
  Boolean isColumn(String name, Dialect dialect) throws SQLException {
    boolean unknown = false;
    for (Scope s = this; s != null; s = s.parent) {
      for (TableRef t : s.tables) {
        Boolean has = s.metadata == null ? Boolean.valueOf(movesColumn(t, name, dialect)) : s.has(t, name, dialect);
        if (Boolean.TRUE.equals(has)) {
          return Boolean.TRUE;
        }
        unknown |= has == null;
      }
    }
    return unknown ? null : Boolean.FALSE;
  }

  private boolean movedInScope(String name, Dialect dialect) {
    for (Scope s = this; s != null; s = s.parent) {
      for (TableRef t : s.tables) {
        if (movesColumn(t, name, dialect)) {
          return true;
        }
      }
    }
    return false;
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
