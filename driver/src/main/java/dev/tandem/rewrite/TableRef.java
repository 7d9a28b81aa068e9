package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.schema.Table;

/**
 * A table as one query block names it: the {@link Table} element, its alias, and the moves on
 * it. Column references resolve to table references through {@link Scope}.
 *
 * <p>A stored table's columns come from metadata; a derived table or a CTE reference is not stored,
 * and its columns are those its query gives ({@link OutputColumns}), when they can be known.
 */
final class TableRef {
  private final Table table;
  private final String alias;
  private final List<MoveRule> moves;
  /** Whether this is a derived table, table function or CTE reference rather than a stored table. */
  private final boolean derived;
  /** Canonical names of the columns of a derived table or CTE; {@code null} when unknown or stored. */
  private final Set<String> outputs;

  TableRef(Table table, List<MoveRule> moves) {
    this(table, moves, false, null);
  }

  private TableRef(Table table, List<MoveRule> moves, boolean derived, Set<String> outputs) {
    this.table = table;
    this.alias = table.getAlias() == null ? null : table.getAlias().getName();
    this.moves = moves;
    this.derived = derived;
    this.outputs = outputs == null ? null : Set.copyOf(outputs);
  }

  /**
   * A table that no move applies to and that is named only by {@code name}, whose columns are
   * unknown: a table function or a {@code VALUES} list, by its alias.
   */
  static TableRef named(String name) {
    return derived(name, null);
  }

  /** A derived table named {@code name} (its alias) with the columns {@code outputs} ({@code null}: unknown). */
  static TableRef derived(String name, Set<String> outputs) {
    return new TableRef(new Table(name), List.of(), true, outputs);
  }

  /** A reference {@code table} to a CTE whose columns are {@code outputs} ({@code null}: unknown). */
  static TableRef cte(Table table, Set<String> outputs) {
    return new TableRef(table, List.of(), true, outputs);
  }

  /**
   * This stored table, read as a CTE of the same name with the columns {@code outputs} when
   * metadata does not know the table (H2 reads an existing table before a CTE of its name).
   */
  TableRef orCte(Set<String> outputs) {
    return new TableRef(table, moves, false, outputs);
  }

  /** Whether this is a derived table, table function or CTE reference, whose columns no metadata knows. */
  boolean isDerived() {
    return derived;
  }

  /**
   * The canonical names of the columns of a derived table or CTE (for a stored table: of the CTE
   * read when metadata does not know it), or {@code null} when they are unknown.
   */
  Set<String> outputs() {
    return outputs;
  }

  Table table() {
    return table;
  }

  /** The alias as written, or {@code null}. */
  String alias() {
    return alias;
  }

  /** The moves on this table, in rule order; empty when the table is not moved. */
  List<MoveRule> moves() {
    return moves;
  }

  boolean isMoved() {
    return !moves.isEmpty();
  }

  /**
   * Whether the qualifier {@code qualifier} of a column reference ({@code c} in {@code c.x},
   * {@code public.conversation} in {@code public.conversation.x}) names this table. A table with
   * an alias is only named by its alias, as in PostgreSQL, MariaDB and H2.
   */
  boolean isNamedBy(Table qualifier, Dialect dialect) {
    String name = qualifier.getName();
    if (name == null) {
      return false;
    }
    String schema = qualifier.getSchemaName();
    if (alias != null) {
      return schema == null && dialect.canonical(alias).equals(dialect.canonical(name));
    }
    if (table.getName() == null || !dialect.canonical(table.getName()).equals(dialect.canonical(name))) {
      return false;
    }
    String ownSchema = table.getSchemaName();
    return schema == null || ownSchema == null || dialect.canonical(ownSchema).equals(dialect.canonical(schema));
  }

  @Override
  public String toString() {
    return table.getFullyQualifiedName() + (alias == null ? "" : " " + alias);
  }
}
