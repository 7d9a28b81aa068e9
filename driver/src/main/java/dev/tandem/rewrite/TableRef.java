package dev.tandem.rewrite;

import dev.tandem.Dialect;
import dev.tandem.rules.MoveRule;
import java.util.List;
import net.sf.jsqlparser.schema.Table;

/**
 * A table as one query block names it: the {@link Table} element, its alias, and the moves on
 * it. Column references resolve to table references through {@link Scope}.
 */
final class TableRef {
  private final Table table;
  private final String alias;
  private final List<MoveRule> moves;

  TableRef(Table table, List<MoveRule> moves) {
    this.table = table;
    this.alias = table.getAlias() == null ? null : table.getAlias().getName();
    this.moves = moves;
  }

  /**
   * A table that no move applies to and that is named only by {@code name}: a derived table, a
   * table function or a CTE reference, by its alias.
   */
  static TableRef named(String name) {
    return new TableRef(new Table(name), List.of());
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
