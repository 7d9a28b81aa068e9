package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The column names a derived table or a CTE gives its readers, computed from the query the way the
 * database names them: an explicit column list ({@code d(a, b)}, {@code WITH w(a, b)}) when there
 * is one, else the select list of the query (of its first branch for a set operation), an item
 * named by its alias or, when it is a bare column reference, by that column.
 *
 * <p>An item without either (an expression the database names itself, {@code ?column?},
 * {@code upper}, the expression's text, by engine) or a star makes the names unknown: {@link Scope}
 * then treats the derived table as a table whose metadata is unknown.
 */
final class OutputColumns {
  private OutputColumns() {}

  /**
   * The canonical names of the columns {@code select} gives, or {@code null} when they cannot be
   * known from the text.
   *
   * @param columnList the column list written after the name, or {@code null}
   */
  static Set<String> of(Select select, List<String> columnList, Dialect dialect) {
    if (columnList != null && !columnList.isEmpty()) {
      Set<String> names = new HashSet<>();
      for (String name : columnList) {
        names.add(dialect.canonical(name));
      }
      return names;
    }
    Select query = select;
    while (true) {
      if (query instanceof ParenthesedSelect parenthesed) {
        query = parenthesed.getSelect();
      } else if (query instanceof SetOperationList set && !set.getSelects().isEmpty()) {
        query = set.getSelects().get(0);
      } else {
        break;
      }
    }
    return query instanceof PlainSelect block ? ofItems(block.getSelectItems(), dialect) : null;
  }

  /** The names of a derived table's own alias column list ({@code AS d(a, b)}), or {@code null}. */
  static List<String> aliasColumns(Alias alias) {
    if (alias == null || alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty()) {
      return null;
    }
    return alias.getAliasColumns().stream().map(c -> c.name).toList();
  }

  private static Set<String> ofItems(List<? extends SelectItem<?>> items, Dialect dialect) {
    if (items == null) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (SelectItem<?> item : items) {
      if (item.getAlias() != null) {
        names.add(dialect.canonical(item.getAlias().getName()));
        continue;
      }
      Expression e = item.getExpression();
      while (e instanceof ParenthesedExpressionList<?> group && group.size() == 1 && group.get(0) instanceof Expression) {
        e = (Expression) group.get(0);
      }
      if (!(e instanceof Column column)) {
        return null; // a star, or a name the database makes up
      }
      names.add(dialect.canonical(column.getColumnName()));
    }
    return names;
  }
}
