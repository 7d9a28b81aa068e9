package dev.tandem.rewrite;

import dev.tandem.rules.PhaseTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Rewrites the reads of a statement (SPEC §2, §3): in expand every read of a move's {@code to}
 * falls back to {@code forward(from)}, in contract every read of {@code from} is computed as
 * {@code backward(to)}, in migrated nothing changes. Runs before the write rewriters, which then
 * copy values as the reads left them.
 *
 * <p>This class knows the structure of queries: query blocks and their FROM lists, derived
 * tables ({@code LATERAL} ones see the tables before them), CTEs (whose names shadow tables),
 * set operations, subqueries in any expression, and which parts of {@code UPDATE},
 * {@code DELETE}, {@code INSERT} and {@code MERGE} are reads. Each block gets a {@link Scope};
 * {@link ColumnReferenceFinder} finds the references in it, {@link ReadReference} rewrites one,
 * {@link IndexFriendlyPredicate} the lookups of WHERE and ON, {@link StarExpander} the stars.
 *
 * <p>Not reads, and left alone: the columns an {@code UPDATE} assigns or an {@code INSERT} lists,
 * {@code USING (…)} columns, the arguments of MariaDB's {@code VALUES(col)} and {@code EXCLUDED.col}
 * in upserts (values being inserted), and {@code ORDER BY} names that refer to an output column.
 */
final class ReadRewriter {
  private final RewriteContext ctx;
  /** References and subqueries already taken care of (by identity), which the walks skip. */
  private final Set<Object> done = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Arguments of a plain {@code count(…)}: a whole row there reads no column value ({@link RowReferences}). */
  private final Set<Object> counted = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The columns of a {@code MATCH (…) AGAINST}, which must stay stored columns. */
  private final Set<Object> fullText = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Subqueries of {@code EXISTS}, whose select lists nobody reads: their stars stay. */
  private final Set<Object> unreadSelectLists = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * A CTE visible to a query: its canonical name and the canonical names of its columns
   * ({@code null}: unknown).
   */
  private record Cte(String name, java.util.Set<String> columns) {}

  private ReadRewriter(RewriteContext ctx) {
    this.ctx = ctx;
  }

  /** Rewrites the reads of {@code statement}; does nothing when no move is in expand or contract. */
  static void rewrite(RewriteContext ctx, Statement statement)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (ctx.readMoves().isEmpty()) {
      return;
    }
    ReadRewriter reads = new ReadRewriter(ctx);
    if (statement instanceof Select select) {
      reads.select(select, null, List.of());
    } else if (statement instanceof Update update) {
      reads.update(update);
    } else if (statement instanceof Delete delete) {
      reads.delete(delete);
    } else if (statement instanceof Insert insert) {
      reads.insert(insert);
    } else if (statement instanceof Upsert upsert && upsert.getSelect() != null) {
      reads.select(upsert.getSelect(), null, List.of());
    } else if (statement instanceof Merge merge) {
      reads.merge(merge);
    }
  }

  // ---- queries ----

  private void select(Select select, Scope outer, List<Cte> ctes)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (!done.add(select)) {
      return;
    }
    List<Cte> visible = withItems(select.getWithItemsList(), outer, ctes);
    if (select instanceof PlainSelect block) {
      block(block, outer, visible);
    } else if (select instanceof SetOperationList set) {
      skipOutputReferences(set.getOrderByElements());
      for (Select branch : set.getSelects()) {
        inheritUnread(set, branch);
        select(branch, outer, visible);
      }
    } else if (select instanceof ParenthesedSelect parenthesed) {
      skipOutputReferences(parenthesed.getOrderByElements());
      inheritUnread(parenthesed, parenthesed.getSelect());
      select(parenthesed.getSelect(), outer, visible);
    } else if (select instanceof Values values) {
      walk(values.getExpressions(), values, outer, visible, false);
    } else {
      throw ctx.refuse(ctx.readMoves().get(0), "the statement holds a " + select.getClass().getSimpleName()
          + " query, whose reads Tandem cannot rewrite");
    }
  }

  private void inheritUnread(Select outer, Select inner) {
    if (unreadSelectLists.contains(outer)) {
      unreadSelectLists.add(inner);
    }
  }

  /** Processes the CTE bodies; returns the CTEs visible to the statement, innermost last. */
  private List<Cte> withItems(List<? extends net.sf.jsqlparser.statement.select.WithItem<?>> items, Scope outer,
      List<Cte> ctes) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (items == null || items.isEmpty()) {
      return ctes;
    }
    List<Cte> names = new ArrayList<>(ctes);
    for (var item : items) {
      Cte cte = new Cte(ctx.dialect().canonical(item.getAliasName()), cteColumns(item));
      if (item.isRecursive()) {
        names.add(cte); // a recursive CTE's body names itself
      }
      if (item.getSelect() != null) {
        select(item.getSelect(), outer, List.copyOf(names));
      }
      names.add(cte);
    }
    return List.copyOf(names);
  }

  /** The columns a CTE gives: its column list, else its query's select list; {@code null} when unknown. */
  private java.util.Set<String> cteColumns(net.sf.jsqlparser.statement.select.WithItem<?> item) {
    List<String> list = null;
    if (item.getWithItemList() != null && !item.getWithItemList().isEmpty()) {
      list = new ArrayList<>();
      for (SelectItem<?> column : item.getWithItemList()) {
        list.add(column.getExpression() instanceof Column c ? c.getColumnName() : column.toString());
      }
    }
    return item.getSelect() == null ? null : OutputColumns.of(item.getSelect(), list, ctx.dialect());
  }

  /** The innermost CTE named like the unqualified {@code table}, or {@code null}. */
  private Cte cteNamed(Table table, List<Cte> ctes) {
    if (table.getSchemaName() != null || table.getName() == null) {
      return null;
    }
    String name = ctx.dialect().canonical(table.getName());
    for (int i = ctes.size() - 1; i >= 0; i--) {
      if (ctes.get(i).name().equals(name)) {
        return ctes.get(i);
      }
    }
    return null;
  }

  private void block(PlainSelect block, Scope outer, List<Cte> ctes)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    FromList from = new FromList(ctes);
    from.add(block.getFromItem());
    from.addJoins(block.getJoins());
    List<TableRef> tables = from.tables;
    refuseUsingOfReadColumns(block.getJoins(), tables);
    Scope scope = from.scope(outer);
    selectItems(block.getSelectItems(), scope, tables, block.getJoins(), !unreadSelectLists.contains(block));
    IndexFriendlyPredicate.rewriteConjuncts(ctx, block.getWhere(), scope, done);
    if (block.getJoins() != null) {
      for (Join join : block.getJoins()) {
        for (Expression on : join.getOnExpressions()) {
          IndexFriendlyPredicate.rewriteConjuncts(ctx, on, scope, done);
        }
      }
    }
    skipOutputNames(block, scope);
    walk(block, block, scope, ctes, false);
  }

  /** {@code JOIN … USING (to)} compares the stored column itself, where no fallback can be put. */
  private void refuseUsingOfReadColumns(List<Join> joins, List<TableRef> tables) throws RewriteRefusedException {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      if (join.getUsingColumns() == null) {
        continue;
      }
      for (Column using : join.getUsingColumns()) {
        for (TableRef table : tables) {
          var action = ReadReference.action(ctx, table, using.getColumnName());
          if (action != null) {
            throw ctx.refuse(action.move(), "JOIN … USING (" + using.getColumnName() + ") compares the stored column, "
                + "which cannot read its fallback; write the join with ON");
          }
        }
      }
    }
  }

  /**
   * The tables of one FROM list (or the target and sources of an UPDATE, DELETE or MERGE), in
   * order, and the derived tables among them, which are query blocks of their own.
   */
  private final class FromList {
    final List<TableRef> tables = new ArrayList<>();
    private final List<Select> derived = new ArrayList<>();
    private final List<Cte> ctes;

    FromList(List<Cte> ctes) {
      this.ctes = ctes;
    }

    void addJoins(List<Join> joins) throws SQLException {
      if (joins == null) {
        return;
      }
      for (Join join : joins) {
        add(join.getFromItem());
        if (join.getUsingColumns() != null) {
          done.addAll(join.getUsingColumns()); // USING (k) names a column of both sides, merged
        }
      }
    }

    void add(FromItem item) throws SQLException {
      if (item == null) {
        return;
      }
      if (item instanceof Table table) {
        Cte cte = cteNamed(table, ctes);
        if (cte == null) {
          tables.add(ctx.tableRef(table));
        } else if (ctx.dialect() == dev.tandem.dialect.Dialect.H2) {
          // H2 reads an existing table of the CTE's name, not the CTE (2.x, checked on 2.3.232).
          tables.add(ctx.tableRef(table).orCte(cte.columns()));
        } else {
          tables.add(TableRef.cte(table, cte.columns()));
        }
      } else if (item instanceof ParenthesedFromItem group) {
        add(group.getFromItem());
        addJoins(group.getJoins());
      } else {
        // A derived table, VALUES list or table function: named only by its alias. Its own references
        // are resolved when it is processed (derived) or walked with the block (functions).
        String alias = item.getAlias() == null ? null : item.getAlias().getName();
        if (item instanceof Select select) {
          tables.add(TableRef.derived(alias,
              OutputColumns.of(select, OutputColumns.aliasColumns(item.getAlias()), ctx.dialect())));
          derived.add(select);
        } else {
          tables.add(TableRef.named(alias));
        }
      }
    }

    /**
     * The scope of these tables inside {@code outer}; processes the derived tables, a
     * {@code LATERAL} one in this scope (it sees the tables before it), any other in {@code outer}.
     */
    Scope scope(Scope outer) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
      Scope scope = new Scope(outer, tables, ctx);
      for (Select d : derived) {
        select(d, d instanceof LateralSubSelect ? scope : outer, ctes);
      }
      return scope;
    }
  }

  /** The select list (or RETURNING list): stars expanded, whole-item references labelled. */
  private void selectItems(List<? extends SelectItem<?>> items, Scope scope, List<TableRef> tables, List<Join> joins,
      boolean starsRead) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (items == null) {
      return;
    }
    for (SelectItem<?> item : items) {
      Expression e = item.getExpression();
      if (e instanceof AllColumns) {
        done.add(e); // a select list's star is expanded here, never a whole-row value
      }
      if (e instanceof AllTableColumns star) {
        if (starsRead) {
          StarExpander.expandTable(ctx, star, scope);
        }
      } else if (e instanceof AllColumns star) {
        if (starsRead) {
          StarExpander.expandAll(ctx, star, tables, joins);
        }
      } else if (wholeColumn(e) instanceof Column column && done.add(column)) {
        // A parenthesised item, (c) or DISTINCT (c), is labelled after its parenthesis: the
        // database names it after the column, and so must the rewrite.
        reference(column, scope, item.getAlias() == null, ctx.parsed().end(e),
            item.getAlias() != null ? item.getAlias().getName() : column.getColumnName());
      } else if (e instanceof RowGetExpression field && done.add(field)) {
        if (!RowReferences.rewriteField(ctx, field, scope, item.getAlias() == null)) {
          done.remove(field); // a field of a value: the walk looks inside it
        }
      } else if (item.getAlias() != null && extremumOf(e) instanceof Column column) {
        // max(c) AS c has the type of c: a computed c's result column must get c's Java type too.
        ctx.resultLabel(column, item.getAlias().getName());
      }
    }
  }

  /** The column of {@code min(c)} or {@code max(c)}, whose value has the column's type, or {@code null}. */
  private static Expression extremumOf(Expression e) {
    if (e instanceof Function f && ("min".equalsIgnoreCase(f.getName()) || "max".equalsIgnoreCase(f.getName()))
        && f.getParameters() != null && f.getParameters().size() == 1) {
      return wholeColumn(f.getParameters().get(0));
    }
    return null;
  }

  /** {@code e} without the parentheses around it, when it is a column reference in parentheses. */
  private static Expression wholeColumn(Expression e) {
    Expression inner = e;
    while (inner instanceof ParenthesedExpressionList<?> group && group.size() == 1) {
      inner = group.get(0);
    }
    return inner;
  }

  /**
   * A bare name in ORDER BY that is an output column's name refers to that output column (PostgreSQL,
   * MariaDB and H2 agree), which the select list already reads correctly.
   */
  private void skipOutputNames(PlainSelect block, Scope scope)
      throws ParsedStatement.Unlocatable, Scope.AmbiguousColumn, SQLException {
    List<OrderByElement> order = block.getOrderByElements();
    boolean mariaDbHaving = ctx.dialect() == dev.tandem.dialect.Dialect.MARIADB && block.getHaving() != null;
    if (order == null && !mariaDbHaving) {
      return;
    }
    Set<String> outputs = new HashSet<>();
    for (SelectItem<?> item : block.getSelectItems()) {
      if (item.getAlias() != null) {
        outputs.add(ctx.dialect().canonical(item.getAlias().getName()));
      } else if (wholeColumn(item.getExpression()) instanceof Column c) {
        outputs.add(ctx.dialect().canonical(c.getColumnName()));
      }
    }
    if (order != null) {
      for (OrderByElement element : order) {
        if (element.getExpression() instanceof Column c && isOutputName(c, outputs)) {
          done.add(c);
        }
      }
    }
    if (mariaDbHaving) {
      mariaDbHaving(block, outputs, scope);
    }
  }

  private boolean isOutputName(Column c, Set<String> outputs) {
    return (c.getTable() == null || c.getTable().getName() == null)
        && outputs.contains(ctx.dialect().canonical(c.getColumnName()));
  }

  /**
   * MariaDB resolves a bare name in HAVING to the select list's output of that name first (and a
   * HAVING may only read grouped columns, select items and aggregates, by name). A name of an
   * output already reads the rewritten item, so it stays; any other read the phase table turns
   * into an expression would fail there with an unknown column, and is refused instead.
   */
  private void mariaDbHaving(PlainSelect block, Set<String> outputs, Scope scope)
      throws ParsedStatement.Unlocatable, Scope.AmbiguousColumn, SQLException {
    for (Column c : ctx.parsed().columnsIn(block.getHaving(), false)) {
      if (isOutputName(c, outputs)) {
        done.add(c);
        continue;
      }
      TableRef owner = scope.resolve(c, ctx.dialect());
      var action = owner == null ? null : ReadReference.action(ctx, owner, c.getColumnName());
      if (action != null && !(action.transform() != null && action.transform().isIdentity()
          && action.kind() == dev.tandem.rules.ColumnAction.Kind.COMPUTE)) {
        throw ctx.refuse(action.move(), "MariaDB's HAVING cannot read " + c + " once it is computed ("
            + action.kind().name().toLowerCase(java.util.Locale.ROOT) + "); select it with an alias and name the "
            + "alias in HAVING");
      }
    }
  }

  /** ORDER BY of a set operation or parenthesised query: names of output columns, never of a table's. */
  private void skipOutputReferences(List<OrderByElement> order) throws ParsedStatement.Unlocatable {
    if (order == null) {
      return;
    }
    for (OrderByElement element : order) {
      done.addAll(ctx.parsed().columnsIn(element.getExpression(), false));
    }
  }

  // ---- data-changing statements: only their read parts ----

  private void update(Update update) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    List<Cte> ctes = withItems(update.getWithItemsList(), null, List.of());
    FromList from = new FromList(ctes);
    from.add(update.getTable());
    from.addJoins(update.getStartJoins());
    from.add(update.getFromItem());
    from.addJoins(update.getJoins());
    Scope scope = from.scope(null);
    for (UpdateSet set : update.getUpdateSets()) {
      walk(set.getValues(), null, scope, ctes, false);
    }
    joinConditions(update.getStartJoins(), scope, ctes);
    filter(update.getWhere(), update.getJoins(), update.getOrderByElements(), scope, ctes);
    returning(update.getReturningClause(), scope, from.tables, ctes);
  }

  private void delete(Delete delete) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    List<Cte> ctes = withItems(delete.getWithItemsList(), null, List.of());
    FromList from = new FromList(ctes);
    from.add(delete.getTable());
    if (delete.getUsingList() != null) {
      for (Table using : delete.getUsingList()) {
        from.add(using);
      }
    }
    from.addJoins(delete.getJoins());
    Scope scope = from.scope(null);
    filter(delete.getWhere(), delete.getJoins(), delete.getOrderByElements(), scope, ctes);
    returning(delete.getReturningClause(), scope, from.tables, ctes);
  }

  /** The WHERE, the ON conditions and the ORDER BY of an UPDATE or DELETE. */
  private void filter(Expression where, List<Join> joins, List<OrderByElement> order, Scope scope, List<Cte> ctes)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    condition(where, scope, ctes);
    joinConditions(joins, scope, ctes);
    if (order != null) {
      for (OrderByElement element : order) {
        walk(element.getExpression(), null, scope, ctes, false);
      }
    }
  }

  private void insert(Insert insert) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    List<Cte> ctes = withItems(insert.getWithItemsList(), null, List.of());
    if (insert.getSelect() != null) {
      // The source does not see the target table.
      select(insert.getSelect(), null, ctes);
    }
    List<TableRef> target = List.of(ctx.tableRef(insert.getTable()));
    Scope scope = new Scope(null, target, ctx);
    UpsertValues.rewrite(ctx, target.get(0), insert.getColumns(), upsertParts(insert));
    if (insert.getDuplicateUpdateSets() != null) {
      for (UpdateSet set : insert.getDuplicateUpdateSets()) {
        walk(set.getValues(), null, scope, ctes, true);
      }
    }
    InsertConflictAction conflict = insert.getConflictAction();
    if (conflict != null && conflict.getConflictActionType() == ConflictActionType.DO_UPDATE) {
      for (UpdateSet set : conflict.getUpdateSets()) {
        walk(set.getValues(), null, scope, ctes, false);
      }
      walk(conflict.getWhereExpression(), null, scope, ctes, false);
    }
    returning(insert.getReturningClause(), scope, target, ctes);
  }

  /** The values and conditions of an upsert's update part, where the inserted row can be read. */
  private static List<Object> upsertParts(Insert insert) {
    List<Object> parts = new ArrayList<>();
    if (insert.getDuplicateUpdateSets() != null) {
      for (UpdateSet set : insert.getDuplicateUpdateSets()) {
        parts.add(set.getValues());
      }
    }
    InsertConflictAction conflict = insert.getConflictAction();
    if (conflict != null && conflict.getConflictActionType() == ConflictActionType.DO_UPDATE) {
      for (UpdateSet set : conflict.getUpdateSets()) {
        parts.add(set.getValues());
      }
      if (conflict.getWhereExpression() != null) {
        parts.add(conflict.getWhereExpression());
      }
    }
    return parts;
  }

  private void merge(Merge merge) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    List<Cte> ctes = withItems(merge.getWithItemsList(), null, List.of());
    FromList from = new FromList(ctes);
    from.add(merge.getTable());
    from.add(merge.getFromItem());
    Scope scope = from.scope(null);
    walk(merge.getOnCondition(), null, scope, ctes, false);
    if (merge.getOperations() == null) {
      return;
    }
    for (MergeOperation operation : merge.getOperations()) {
      if (operation instanceof MergeUpdate update) {
        for (UpdateSet set : update.getUpdateSets()) {
          walk(set.getValues(), null, scope, ctes, false);
        }
        walk(update.getAndPredicate(), null, scope, ctes, false);
        walk(update.getWhereCondition(), null, scope, ctes, false);
        walk(update.getDeleteWhereCondition(), null, scope, ctes, false);
      } else if (operation instanceof MergeInsert insert) {
        walk(insert.getValues(), null, scope, ctes, false);
        walk(insert.getAndPredicate(), null, scope, ctes, false);
        walk(insert.getWhereCondition(), null, scope, ctes, false);
      } else if (operation instanceof MergeDelete delete) {
        walk(delete.getAndPredicate(), null, scope, ctes, false);
      }
    }
  }

  private void condition(Expression condition, Scope scope, List<Cte> ctes)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    IndexFriendlyPredicate.rewriteConjuncts(ctx, condition, scope, done);
    walk(condition, null, scope, ctes, false);
  }

  private void joinConditions(List<Join> joins, Scope scope, List<Cte> ctes)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (joins != null) {
      for (Join join : joins) {
        for (Expression on : join.getOnExpressions()) {
          condition(on, scope, ctes);
        }
      }
    }
  }

  private void returning(ReturningClause returning, Scope scope, List<TableRef> tables, List<Cte> ctes)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (returning == null) {
      return;
    }
    selectItems(returning, scope, tables, null, true);
    for (SelectItem<?> item : returning) {
      if (!(item.getExpression() instanceof AllColumns)) {
        walk(item.getExpression(), null, scope, ctes, false);
      }
    }
  }

  // ---- references ----

  /** Walks {@code element} for references (rewritten in {@code scope}) and subqueries (nested in it). */
  private void walk(Object element, Object self, Scope scope, List<Cte> ctes, boolean upsertValues)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    ColumnReferenceFinder.find(element, self, upsertValues, new ColumnReferenceFinder.Visitor() {
      @Override
      public void column(Column column) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
        if (done.add(column)) {
          reference(column, scope, false, -1, null);
        }
      }

      @Override
      public void subquery(Select select) throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
        select(select, scope, ctes);
      }

      @Override
      public void exists(ExistsExpression exists) {
        unreadSelectLists.add(exists.getRightExpression());
      }

      @Override
      public boolean rowField(RowGetExpression field)
          throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
        return done.contains(field) || scope != null && RowReferences.rewriteField(ctx, field, scope, false);
      }

      @Override
      public void counted(Object argument) {
        counted.add(argument);
      }

      @Override
      public void fullText(FullTextSearch search) {
        if (search.getMatchColumns() != null) {
          fullText.addAll(search.getMatchColumns());
        }
      }

      @Override
      public void tableStar(AllTableColumns star) throws SQLException, Scope.AmbiguousColumn {
        if (scope != null && !done.contains(star) && !counted.contains(star)) {
          RowReferences.refuseTableStar(ctx, star, scope);
        }
      }
    });
  }

  /** @param output the label of the result column the reference is, or {@code null} when it is not a whole item */
  private void reference(Column column, Scope scope, boolean label, int labelAt, String output)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    if (scope == null) {
      return;
    }
    if (!counted.contains(column)) {
      RowReferences.refuseWholeRow(ctx, column, scope);
    }
    if (!isReadName(column.getColumnName())) {
      return;
    }
    TableRef owner = scope.resolve(column, ctx.dialect());
    if (owner != null && owner.isMoved() && fullText.contains(column)) {
      var action = ReadReference.action(ctx, owner, column.getColumnName());
      if (action != null) {
        // MATCH takes the stored columns of one full-text index, never an expression of them.
        throw ctx.refuse(action.move(), "MATCH (" + column + ") AGAINST searches the stored column's full-text"
            + " index, but this phase computes reads of " + column + "; search the column the phase reads directly");
      }
    }
    if (owner != null && owner.isMoved()) {
      ReadReference.rewrite(ctx, column, owner, scope, label, labelAt,
          output != null ? output : ctx.resultLabelOf(column));
    }
  }

  /** Whether some move rewrites reads of a column of this name (a cheap test before resolving). */
  private boolean isReadName(String column) {
    for (var move : ctx.readMoves()) {
      PhaseTable.Side side = PhaseTable.sideOf(move, column, ctx.dialect());
      if (side != null && PhaseTable.read(move, side).changes()) {
        return true;
      }
    }
    return false;
  }
}
