package dev.tandem.rewrite;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Rewrites the assignments of an {@code UPDATE}: single-table, PostgreSQL's {@code UPDATE … FROM}
 * (where only the target table is written) and MariaDB's multi-table {@code UPDATE a JOIN b SET …}
 * (where every table before {@code SET} may be). The {@code WHERE} clause is a read and is left to
 * the read rewriting.
 */
final class UpdateRewriter {
  private UpdateRewriter() {}

  static StatementKind rewrite(RewriteContext ctx, Update update)
      throws java.sql.SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    List<TableRef> writable = new ArrayList<>();
    writable.add(ctx.tableRef(update.getTable()));
    if (update.getStartJoins() != null) {
      for (Join join : update.getStartJoins()) {
        if (join.getFromItem() instanceof Table table) {
          writable.add(ctx.tableRef(table));
        }
      }
    }
    boolean moved = false;
    for (TableRef t : writable) {
      moved |= t.isMoved();
    }
    if (moved) {
      AssignmentWriter.rewrite(ctx, update.getUpdateSets(), new Scope(null, writable), writable.size() > 1);
    }
    return StatementKind.UPDATE;
  }
}
