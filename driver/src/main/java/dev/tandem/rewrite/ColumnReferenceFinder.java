package dev.tandem.rewrite;

import java.sql.SQLException;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Finds the column references and subqueries inside one part of a parsed statement by walking the
 * parser's node tree. The node tree covers every clause of a query block (select list, WHERE,
 * GROUP BY, HAVING, window definitions, ORDER BY, function arguments of any kind) without this
 * class having to name each clause, so a clause added to the grammar is not silently skipped.
 *
 * <p>A nested query is reported as a whole and not entered: it is a new query block, with its
 * own tables, which {@link ReadRewriter} resolves in a scope of its own.
 */
final class ColumnReferenceFinder {
  /** What the walk reports. */
  interface Visitor {
    void column(Column column) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn;

    void subquery(Select select) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn;

    /** An {@code EXISTS}, reported before its subquery, whose select list no one reads. */
    void exists(ExistsExpression exists);

    /**
     * A call of MariaDB's {@code VALUES(col)}; returns whether the visitor took care of it, in which
     * case its argument is not walked.
     */
    default boolean valuesCall(Function call) throws SQLException, ParsedStatement.Unlocatable {
      return false;
    }

    /**
     * A PostgreSQL field selection {@code (c).col}; returns whether the visitor took care of it, in
     * which case the row expression inside is not walked.
     */
    default boolean rowField(RowGetExpression field)
        throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
      return false;
    }

    /** A {@code t.*} anywhere in the walked part, a select list's own included. */
    default void tableStar(AllTableColumns star)
        throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {}

    /**
     * The argument of a plain {@code count(x)} (no {@code DISTINCT}), reported before it is walked: a
     * whole row there is counted when it exists, whatever its columns hold, so it reads no value.
     */
    default void counted(Object argument) {}

    /** A MariaDB/MySQL {@code MATCH (c, …) AGAINST (…)}, reported before its columns are. */
    default void fullText(FullTextSearch search) {}
  }

  private ColumnReferenceFinder() {}

  /**
   * Walks {@code element}.
   *
   * @param self the query block being walked, which is not reported as a subquery of itself, or {@code null}
   * @param skipValuesCalls whether to leave out the arguments of MariaDB's {@code VALUES(col)} in an
   *     upsert, which name the value being inserted rather than a column of a stored row
   */
  static void find(Object element, Object self, boolean skipValuesCalls, Visitor visitor)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (element == null) {
      return;
    }
    SimpleNode node = ParsedStatement.nodeOf(element);
    if (node == null) {
      // JSqlParser gives some binary operations and lists no node of their own.
      if (element instanceof BinaryExpression binary) {
        find(binary.getLeftExpression(), self, skipValuesCalls, visitor);
        find(binary.getRightExpression(), self, skipValuesCalls, visitor);
        return;
      }
      if (element instanceof List<?> list) {
        for (Object item : list) {
          find(item, self, skipValuesCalls, visitor);
        }
        return;
      }
      throw new ParsedStatement.Unlocatable(element);
    }
    visit(node, self, skipValuesCalls, visitor);
  }

  /**
   * The {@code EXISTS} that {@code value} is: {@code EXISTS (…)}, {@code NOT EXISTS (…)} or
   * {@code NOT (EXISTS (…))}, whose subquery's select list nobody reads either way; else {@code null}.
   * The parser gives the {@code EXISTS} under a {@code NOT} no node of its own.
   */
  private static ExistsExpression existsOf(Object value) {
    Object inner = value;
    while (true) {
      if (inner instanceof NotExpression not) {
        inner = not.getExpression();
      } else if (inner instanceof ParenthesedExpressionList<?> group && group.size() == 1) {
        inner = group.get(0);
      } else {
        return inner instanceof ExistsExpression exists ? exists : null;
      }
    }
  }

  private static void visit(SimpleNode node, Object self, boolean skipValuesCalls, Visitor visitor)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    Object value = node.jjtGetValue();
    if (value instanceof Select select && select != self) {
      visitor.subquery(select);
      return;
    }
    if (value instanceof Function f && "VALUES".equalsIgnoreCase(f.getName())
        && (skipValuesCalls || visitor.valuesCall(f))) {
      return;
    }
    if (value instanceof Function f && "COUNT".equalsIgnoreCase(f.getName()) && !f.isDistinct() && !f.isUnique()
        && f.getParameters() != null && f.getParameters().size() == 1) {
      visitor.counted(f.getParameters().get(0));
    }
    if (value instanceof RowGetExpression field && visitor.rowField(field)) {
      return;
    }
    if (value instanceof AllTableColumns star) {
      visitor.tableStar(star);
    }
    if (value instanceof FullTextSearch search) {
      visitor.fullText(search);
    }
    ExistsExpression exists = existsOf(value);
    if (exists != null) {
      visitor.exists(exists);
    }
    if (value instanceof Column column) {
      visitor.column(column);
    }
    for (int i = 0; i < node.jjtGetNumChildren(); i++) {
      visit((SimpleNode) node.jjtGetChild(i), self, skipValuesCalls, visitor);
    }
  }
}
