package dev.tandem.rewrite;

import dev.tandem.rules.ColumnAction;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Rewrites {@code MERGE} (PostgreSQL 15+, H2): every {@code WHEN MATCHED THEN UPDATE SET} as an
 * assignment list and every {@code WHEN NOT MATCHED THEN INSERT (…) VALUES (…)} as a one-row
 * insert, both against the merge target. H2's {@code MERGE INTO t … KEY (k) VALUES …} is parsed as an
 * upsert ({@link SyntaxPrePass}) and written by {@link InsertRewriter}; its key is checked here.
 */
final class MergeRewriter {
  /** What stands between the target (and its column list) and the rows of H2's {@code MERGE … KEY}. */
  private static final Pattern KEY = Pattern.compile("\\s*(?:\\([^()]*\\))?\\s*KEY\\s*\\(([^()]*)\\)\\s*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  /** A column name without comments: a bare word or a quoted name. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*|\"(?:[^\"]|\"\")+\"");

  private MergeRewriter() {}

  /**
   * For H2's {@code MERGE INTO t … KEY (k, …)} read as {@code upsert}: refuses a key that names a
   * column whose reads the phase table changes. The key decides which stored row is replaced by
   * comparing the stored column, which has no fallback there (in contract the stale old column, in
   * expand a new column old rows lack). Any other upsert is left alone.
   */
  static void checkH2Key(RewriteContext ctx, Upsert upsert, TableRef target)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    ParsedStatement parsed = ctx.parsed();
    String sql = parsed.sql();
    if (ctx.dialect() != dev.tandem.dialect.Dialect.H2 || upsert.getSelect() == null
        || !sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("MERGE")) {
      return;
    }
    String between = sql.substring(parsed.end(upsert.getTable()), parsed.begin(upsert.getSelect()));
    Matcher key = KEY.matcher(between);
    if (!key.matches()) {
      throw ctx.refuse(target.moves().get(0), "the KEY list of this MERGE cannot be read (a comment inside it?)");
    }
    for (String written : key.group(1).split(",")) {
      String name = written.strip();
      if (!NAME.matcher(name).matches()) {
        throw ctx.refuse(target.moves().get(0), "the KEY list of this MERGE cannot be read: '" + name
            + "' is not a plain column name");
      }
      ColumnAction read = ReadReference.action(ctx, target, name);
      if (read != null) {
        throw ctx.refuse(read.move(), "MERGE … KEY (" + name + ") matches rows on the stored column, which "
            + "its phase reads through " + read.kind().name().toLowerCase(Locale.ROOT) + "; use a key without it");
      }
    }
  }

  static StatementKind rewrite(RewriteContext ctx, Merge merge)
      throws java.sql.SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    TableRef target = ctx.tableRef(merge.getTable());
    if (!target.isMoved()) {
      return StatementKind.MERGE;
    }
    Scope scope = new Scope(null, List.of(target));
    ParsedStatement parsed = ctx.parsed();
    for (MergeOperation operation : operations(merge)) {
      if (operation instanceof MergeUpdate update) {
        AssignmentWriter.rewrite(ctx, update.getUpdateSets(), scope, false);
      } else if (operation instanceof MergeInsert insert) {
        ExpressionList<Column> columns = insert.getColumns();
        ExpressionList<?> values = insert.getValues();
        if (values == null || values.isEmpty()) {
          continue; // INSERT DEFAULT VALUES writes no column by name
        }
        if (columns == null || columns.isEmpty()) {
          throw ctx.refuse(target.moves().get(0),
              "a MERGE … INSERT without a column list is not supported; name the columns");
        }
        ColumnListWriter.ColumnList list =
            ColumnListWriter.ColumnList.written(columns, parsed.end(columns.get(columns.size() - 1)));
        ColumnListWriter.rewrite(ctx, target, list,
            () -> List.of(new ColumnListWriter.Row(values, parsed.end(values.get(values.size() - 1)))));
      }
    }
    return StatementKind.MERGE;
  }

  private static List<MergeOperation> operations(Merge merge) {
    if (merge.getOperations() != null) {
      return merge.getOperations();
    }
    return List.of();
  }
}
