package dev.tandem.rewrite;

import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Join;

/**
 * Expands {@code *} and {@code t.*} (in select lists and {@code RETURNING}) over a table with a
 * move whose phase changes reads ({@link PhaseTable#changesReads}) into the table's columns from
 * metadata, each read as the phase table says: in expand {@code COALESCE(to, forward(from)) AS to},
 * in contract {@code backward(to) AS from}, so that no version reads a stale old column.
 * Column order is the table's; names are quoted as metadata reports them, so they match exactly.
 * Other tables of the query keep their own {@code t.*}. The plan is marked as made from metadata,
 * and a table whose columns are unknown is refused.
 *
 * <p>In contract the old column may already be dropped. The star then still yields a column
 * labelled {@code from} ({@code backward(to)}), appended after the table's columns: every label the
 * old version reads is there, and the other columns keep the table's order. Where {@code from}
 * stood is no longer known, so a reader by position sees what it would see without Tandem.
 */
final class StarExpander {
  private StarExpander() {}

  /** {@code *} over the tables of a query block, in FROM order; {@code joins} may be {@code null}. */
  static void expandAll(RewriteContext ctx, AllColumns star, List<TableRef> tables, List<Join> joins)
      throws SQLException, ParsedStatement.Unlocatable {
    MoveRule first = firstChanging(tables);
    if (first == null) {
      return;
    }
    ctx.working(first);
    refuseModifiers(ctx, first, star);
    if (joins != null) {
      for (Join join : joins) {
        if (join.isNatural() || (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty())) {
          throw ctx.refuse(first, "SELECT * over a join with USING or NATURAL merges columns, so it cannot be "
              + "expanded to read the columns of the move as its phase requires; name the columns");
        }
      }
    }
    boolean qualify = tables.size() > 1;
    List<String> parts = new ArrayList<>();
    for (TableRef table : tables) {
      String qualifier = qualifierOf(table);
      if (firstChanging(List.of(table)) == null) {
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
    MoveRule first = firstChanging(List.of(table));
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

  /** The table's columns, each read of a moved column as the phase table says. */
  private static List<String> columns(RewriteContext ctx, TableRef table, String prefix)
      throws SQLException {
    MoveRule first = firstChanging(List.of(table));
    List<String> names = ctx.columnsOf(first, table.table(),
        "SELECT * must be expanded so that " + purpose(first));
    List<String> out = new ArrayList<>(names.size());
    for (String name : names) {
      ColumnAction action = ReadReference.action(ctx, table, name, true);
      out.add(action == null ? prefix + ctx.dialect().quote(name)
          : item(ctx, table, names, prefix, action, ctx.dialect().quote(name)));
    }
    // A contract move whose old column is already dropped: the old version still reads it by name.
    for (MoveRule move : table.moves()) {
      ColumnAction action = PhaseTable.read(move, PhaseTable.Side.FROM);
      boolean speaks = move.split() == null || move.split().first(); // a split's pieces share from: add it once
      if (speaks && action.changes() && find(ctx, names, move, PhaseTable.Side.FROM) == null) {
        out.add(item(ctx, table, names, prefix, action, ctx.name(move.from())));
      }
    }
    return out;
  }

  /** What expanding the star achieves for {@code move}, for the refusal when metadata is unknown. */
  private static String purpose(MoveRule move) {
    ColumnAction action = PhaseTable.read(move, PhaseTable.Side.TO);
    if (!action.changes()) {
      action = PhaseTable.read(move, PhaseTable.Side.FROM);
    }
    return switch (action.kind()) {
      case FALLBACK -> action.column() + " is read through its fallback";
      case COMPUTE -> action.column() + " is read as " + action.transform().apply(action.other().toString());
      default -> action.column() + " is read as its phase requires";
    };
  }

  /** One moved column of the star, read as {@code action} says and labelled {@code label}. */
  private static String item(RewriteContext ctx, TableRef table, List<String> names, String prefix,
      ColumnAction action, String label) throws RewriteRefusedException {
    MoveRule move = action.move();
    ctx.working(move);
    if (action.kind() == ColumnAction.Kind.REFUSE) {
      throw ctx.refuse(move, action.reason());
    }
    String otherPrefix = prefix;
    String qualifierName = prefix.isEmpty() ? null : qualifierOf(table);
    if (prefix.isEmpty() && ReadReference.hasSubquery(action.transform())) {
      // An unqualified name inside the transform's subquery would resolve to its tables first.
      otherPrefix = qualifierOf(table) + ".";
      qualifierName = table.alias() != null ? table.alias() : table.table().getName();
    }
    ReadReference.refuseCapture(ctx, move, action.transform(), qualifierName);
    String other = find(ctx, names, move, PhaseTable.side(move, action.other()));
    String otherSql = otherPrefix + (other != null ? ctx.dialect().quote(other) : ctx.name(action.other()));
    ctx.applied(move);
    ctx.computedResult(label, move, table, action.column());
    return ReadReference.computed(ctx, action, prefix + label, otherSql, table) + " AS " + label;
  }

  /** The column of {@code move} on {@code side} as metadata spells it, or {@code null} when the table lacks it. */
  private static String find(RewriteContext ctx, List<String> names, MoveRule move, PhaseTable.Side side) {
    for (String name : names) {
      if (PhaseTable.sideOfExact(move, name, ctx.dialect()) == side) {
        return name;
      }
    }
    return null;
  }

  private static MoveRule firstChanging(List<TableRef> tables) {
    for (TableRef table : tables) {
      for (MoveRule move : table.moves()) {
        if (PhaseTable.changesReads(move)) {
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
