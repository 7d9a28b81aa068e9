package dev.tandem.rewrite;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Join;

/**
 * Expands {@code *} and {@code t.*} over a table with a move in expand into the table's columns
 * from metadata, so that the new column can be read as {@code COALESCE(to, forward(from)) AS to}.
 * Column order is the table's; names are quoted as metadata reports them, so they match exactly.
 * Other tables of the query keep their own {@code t.*}. The plan is marked as made from metadata,
 * and a table whose columns are unknown is refused.
 */
final class StarExpander {
  private StarExpander() {}

  /** {@code *} over the tables of a query block, in FROM order; {@code joins} may be {@code null}. */
  static void expandAll(RewriteContext ctx, AllColumns star, List<TableRef> tables, List<Join> joins)
      throws SQLException, ParsedStatement.Unlocatable {
    MoveRule first = firstExpanding(tables);
    if (first == null) {
      return;
    }
    ctx.working(first);
    refuseModifiers(ctx, first, star);
    if (joins != null) {
      for (Join join : joins) {
        if (join.isNatural() || (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty())) {
          throw ctx.refuse(first, "SELECT * over a join with USING or NATURAL merges columns, so it cannot be "
              + "expanded to read " + first.to() + " through its fallback; name the columns");
        }
      }
    }
    boolean qualify = tables.size() > 1;
    List<String> parts = new ArrayList<>();
    for (TableRef table : tables) {
      String qualifier = qualifierOf(table);
      if (firstExpanding(List.of(table)) == null) {
        if (qualifier == null) {
          throw ctx.refuse(first, "SELECT * over a subquery without an alias cannot be expanded; give it an alias");
        }
        parts.add(qualifier + ".*");
      } else {
        parts.addAll(columns(ctx, table, qualify ? qualifier + "." : ""));
      }
    }
    replace(ctx, star, parts);
  }

  /** {@code t.*}, where {@code t} resolves in {@code scope}. */
  static void expandTable(RewriteContext ctx, AllTableColumns star, Scope scope)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    TableRef table = scope.resolve(new Column(star.getTable(), "*"), ctx.dialect());
    if (table == null) {
      return;
    }
    MoveRule first = firstExpanding(List.of(table));
    if (first == null) {
      return;
    }
    ctx.working(first);
    refuseModifiers(ctx, first, star);
    String text = ctx.parsed().text(star);
    replace(ctx, star, columns(ctx, table, text.substring(0, text.lastIndexOf('*')).strip()));
  }

  private static void replace(RewriteContext ctx, AllColumns star, List<String> parts)
      throws ParsedStatement.Unlocatable {
    ParsedStatement parsed = ctx.parsed();
    ctx.edits().replace(parsed.begin(star), parsed.end(star), String.join(", ", parts), new int[0]);
  }

  private static void refuseModifiers(RewriteContext ctx, MoveRule move, AllColumns star) throws RewriteRefusedException {
    if ((star.getExceptColumns() != null && !star.getExceptColumns().isEmpty())
        || (star.getReplaceExpressions() != null && !star.getReplaceExpressions().isEmpty())) {
      throw ctx.refuse(move, "'" + star + "' cannot be expanded; name the columns");
    }
  }

  /** The table's columns, with each expanding move's {@code to} read through its fallback. */
  private static List<String> columns(RewriteContext ctx, TableRef table, String prefix)
      throws SQLException {
    MoveRule first = firstExpanding(List.of(table));
    List<String> names = ctx.columnsOf(first, table.table(),
        "SELECT * must be expanded so that " + first.to() + " is read through its fallback");
    List<String> out = new ArrayList<>(names.size());
    for (String name : names) {
      String quoted = ctx.dialect().quote(name);
      MoveRule move = expandingTo(ctx, table, name);
      if (move == null) {
        out.add(prefix + quoted);
        continue;
      }
      ctx.working(move);
      String fromPrefix = prefix;
      String qualifierName = prefix.isEmpty() ? null : qualifierOf(table);
      if (prefix.isEmpty() && ReadReference.hasSubquery(move.forward())) {
        // An unqualified name inside the transform's subquery would resolve to its tables first.
        fromPrefix = qualifierOf(table) + ".";
        qualifierName = table.alias() != null ? table.alias() : table.table().getName();
      }
      ReadReference.refuseCapture(ctx, move, move.forward(), qualifierName);
      String from = fromPrefix + metadataName(ctx, names, move);
      out.add("COALESCE(" + prefix + quoted + ", " + move.forward().apply(from) + ") AS " + quoted);
      ctx.applied(move);
    }
    return out;
  }

  /** {@code from} as metadata spells it, quoted; as the rules spell it when metadata lacks it. */
  private static String metadataName(RewriteContext ctx, List<String> names, MoveRule move) {
    for (String name : names) {
      if (move.from().canonical(ctx.dialect()).equals(ctx.dialect().canonical(name, true))) {
        return ctx.dialect().quote(name);
      }
    }
    return ctx.name(move.from());
  }

  private static MoveRule expandingTo(RewriteContext ctx, TableRef table, String exactName) {
    for (MoveRule move : table.moves()) {
      if (move.phase() == Phase.EXPAND && move.to().canonical(ctx.dialect()).equals(ctx.dialect().canonical(exactName, true))) {
        return move;
      }
    }
    return null;
  }

  private static MoveRule firstExpanding(List<TableRef> tables) {
    for (TableRef table : tables) {
      for (MoveRule move : table.moves()) {
        if (move.phase() == Phase.EXPAND) {
          return move;
        }
      }
    }
    return null;
  }

  /** How the query names {@code table}: its alias, else its name as written; {@code null} for neither. */
  private static String qualifierOf(TableRef table) {
    if (table.alias() != null) {
      return table.alias();
    }
    Table t = table.table();
    return t.getName() == null ? null : t.getFullyQualifiedName();
  }
}
