package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import dev.tandem.rules.PhaseTable.Side;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The views of a database that read, directly or through other views, a table with a move of
 * the rules in force, and which of the move's two columns each uses. Made once per connection,
 * schema generation and rule set ({@link ViewCatalogue}).
 *
 * <p>A statement naming such a view is judged before it is rewritten (SPEC §6):
 * <ul>
 *   <li>a write through it ({@code INSERT}, {@code UPDATE}, {@code MERGE}, upsert) is refused when the
 *       view uses either column of a move whose phase rewrites writes: the database writes the base
 *       table's column the view maps, and Tandem cannot add the other one inside the view.
 *       {@code DELETE} through it is allowed (deleting a row writes no column), and so is a write
 *       through a view that uses neither column (an insert leaves both empty, consistently);
 *   <li>any statement reading it is refused when the view uses a column whose reads the phase
 *       changes ({@code to} in expand, {@code from} in contract): the view reads the stored column,
 *       without the fallback or the computed value, and no rewrite can reach inside it.
 * </ul>
 * Uses are known per view, not per view column (a view's query may alias and combine columns), so
 * a view using such a column is refused even where the statement reads only other columns of it.
 */
final class ViewsOverMoves {
  static final ViewsOverMoves NONE = new ViewsOverMoves(List.of(), null, null);

  /** A view over moved tables: per move reached, the move's columns it uses (maybe none). */
  record Over(ViewDefinition view, Map<MoveRule, EnumSet<Side>> moves) {
    String name() {
      return view.schema().name() + "." + view.name().name();
    }
  }


  private final List<Over> views;
  private final MovedTableMatcher matcher;
  private final Dialect dialect;

  private ViewsOverMoves(List<Over> views, MovedTableMatcher matcher, Dialect dialect) {
    this.views = views;
    this.matcher = matcher;
    this.dialect = dialect;
  }

  static ViewsOverMoves of(List<ViewDefinition> definitions, CompiledRules rules) {
    Dialect d = rules.dialect();
    Map<ViewDefinition, Map<MoveRule, EnumSet<Side>>> reach = new LinkedHashMap<>();
    Map<String, ViewDefinition> byName = new HashMap<>();
    for (ViewDefinition v : definitions) {
      byName.put(key(v.schema(), v.name(), d), v);
      for (ViewDefinition.Relation r : v.reads()) {
        for (MoveRule m : rules.rules().moves()) {
          if (m.table().table().sameAs(r.name(), d)
              && (m.table().schema() == null || m.table().schema().sameAs(r.schema(), d))) {
            EnumSet<Side> sides = reach.computeIfAbsent(v, x -> new LinkedHashMap<>())
                .computeIfAbsent(m, x -> EnumSet.noneOf(Side.class));
            for (Identifier c : v.columns()) {
              sides.addAll(sidesOf(m, c, d));
            }
          }
        }
      }
    }
    // Views of views: a view reading a view reaches what that one reaches and uses what it uses.
    for (boolean changed = true; changed; ) {
      changed = false;
      for (ViewDefinition v : definitions) {
        for (ViewDefinition.Relation r : v.reads()) {
          ViewDefinition inner = byName.get(key(r.schema(), r.name(), d));
          if (inner == null || inner == v || !reach.containsKey(inner)) {
            continue;
          }
          Map<MoveRule, EnumSet<Side>> own = reach.computeIfAbsent(v, x -> new LinkedHashMap<>());
          for (Map.Entry<MoveRule, EnumSet<Side>> e : reach.get(inner).entrySet()) {
            boolean added = !own.containsKey(e.getKey());
            EnumSet<Side> sides = own.computeIfAbsent(e.getKey(), x -> EnumSet.noneOf(Side.class));
            changed |= sides.addAll(e.getValue()) | added;
          }
        }
      }
    }
    if (reach.isEmpty()) {
      return NONE;
    }
    List<Over> over = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<MoveRule> firstMoves = new ArrayList<>();
    reach.forEach((v, moves) -> {
      over.add(new Over(v, moves));
      names.add(v.name().name());
      firstMoves.add(moves.keySet().iterator().next());
    });
    return new ViewsOverMoves(List.copyOf(over), new MovedTableMatcher(names, firstMoves, rules.lexer()), d);
  }

  private static EnumSet<Side> sidesOf(MoveRule m, Identifier column, Dialect d) {
    if (column.equals(ViewDefinition.EVERY_COLUMN)) {
      return EnumSet.allOf(Side.class);
    }
    EnumSet<Side> s = EnumSet.noneOf(Side.class);
    if (m.from().sameAs(column, d)) {
      s.add(Side.FROM);
    }
    if (m.to().sameAs(column, d)) {
      s.add(Side.TO);
    }
    return s;
  }

  private static String key(Identifier schema, Identifier name, Dialect d) {
    return schema.canonical(d) + '\u0000' + name.canonical(d);
  }

  boolean isEmpty() {
    return views.isEmpty();
  }

  /** A move on a table that a view named in {@code sql} reads, or {@code null}: as cheap as the moved-table scan. */
  MoveRule firstNamed(String sql) {
    return matcher == null ? null : matcher.firstNamed(sql);
  }

  /** Refuses {@code statement} when it writes or reads through a view as the class comment says. */
  void check(Statement statement, TableColumns columns) throws SQLException {
    Table target = writeTarget(statement);
    if (target != null) {
      Over o = find(target, columns);
      if (o != null) {
        for (Map.Entry<MoveRule, EnumSet<Side>> e : o.moves().entrySet()) {
          MoveRule m = e.getKey();
          if (!e.getValue().isEmpty() && (PhaseTable.write(m, true, false).changes()
              || PhaseTable.write(m, false, true).changes())) {
            throw new RewriteRefusedException(m.name(), "the statement writes through view " + target.getFullyQualifiedName() + " over "
                + m.table() + ", and the view uses " + used(m, e.getValue()) + " of move " + m.name() + " ("
                + m.from() + " -> " + m.to() + "): the database would write the column the view maps and not the other, "
                + "and Tandem cannot rewrite a write inside a view; write to " + m.table() + " itself, or install "
                + "tandem triggers on it");
          }
        }
      }
    }
    for (Table t : tablesOf(statement)) {
      Over o = find(t, columns);
      if (o == null) {
        continue;
      }
      for (Map.Entry<MoveRule, EnumSet<Side>> e : o.moves().entrySet()) {
        MoveRule m = e.getKey();
        for (Side side : e.getValue()) {
          if (PhaseTable.read(m, side).changes()) {
            Identifier c = PhaseTable.column(m, side);
            throw new RewriteRefusedException(m.name(), "the statement reads through view " + t.getFullyQualifiedName() + " over "
                + m.table() + ", and the view reads " + c + ", which move " + m.name() + " in its phase reads "
                + (side == Side.TO ? "with a fallback to " + m.from() : "as computed from " + m.to())
                + "; the view reads the stored column, which Tandem cannot rewrite inside it; recreate the view "
                + "over " + (side == Side.TO ? m.from() : m.to()) + " or read " + m.table() + " itself");
          }
        }
      }
    }
  }

  private static String used(MoveRule m, EnumSet<Side> sides) {
    return sides.size() == 2 ? "both columns " + m.from() + " and " + m.to()
        : "column " + PhaseTable.column(m, sides.iterator().next());
  }

  private static Table writeTarget(Statement statement) {
    if (statement instanceof Insert i) {
      return i.getTable();
    }
    if (statement instanceof Update u) {
      return u.getTable();
    }
    if (statement instanceof Merge m) {
      return m.getTable();
    }
    if (statement instanceof Upsert u) {
      return u.getTable();
    }
    return null; // DELETE writes no column
  }

  /** Every table the statement names (CTE names included: one named like a view is taken for it). */
  private List<Table> tablesOf(Statement statement) throws RewriteRefusedException {
    List<Table> found = new ArrayList<>();
    TablesNamesFinder<Void> finder = new TablesNamesFinder<>() {
      @Override
      public <S> Void visit(Table table, S context) {
        found.add(table);
        return super.visit(table, context);
      }
    };
    try {
      finder.getTables(statement);
    } catch (RuntimeException e) {
      Over first = views.get(0);
      MoveRule m = first.moves().keySet().iterator().next();
      throw new RewriteRefusedException(m.name(), "the statement names a view over a moved table, and Tandem cannot "
          + "list the tables it reads (" + e + ")", e);
    }
    return found;
  }

  /**
   * The view over moved tables that {@code table} names, or {@code null}. A name without a schema
   * is looked for along the connection's search path: the first schema holding a table or view of
   * that name decides.
   */
  private Over find(Table table, TableColumns columns) throws SQLException {
    String name = table.getName();
    if (name == null) {
      return null;
    }
    List<Over> named = new ArrayList<>(1);
    for (Over o : views) {
      if (o.view().name().matches(name, dialect)) {
        named.add(o);
      }
    }
    if (named.isEmpty()) {
      return null;
    }
    String schema = table.getSchemaName();
    if (schema != null) {
      for (Over o : named) {
        if (o.view().schema().matches(schema, dialect)) {
          return o;
        }
      }
      return null;
    }
    SearchPath path = columns.searchPath();
    if (!path.isKnown()) {
      Over o = named.get(0);
      MoveRule m = o.moves().keySet().iterator().next();
      throw new RewriteRefusedException(m.name(), "the statement names " + name + " without a schema, view "
          + o.name() + " over " + m.table() + " has that name, and which schema the name means cannot be told: "
          + path.unknownBecause() + "; qualify the name");
    }
    for (String s : path.schemas()) {
      for (Over o : named) {
        if (o.view().schema().sameAs(Identifier.of(s, true), dialect)) {
          return o;
        }
      }
      if (path.schemas().size() > 1 && columns.columnsOf(dialect.quote(s), name) != null) {
        return null; // another table or view of that name comes first
      }
    }
    return null;
  }
}
