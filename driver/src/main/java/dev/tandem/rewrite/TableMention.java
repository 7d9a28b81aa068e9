package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.TableName;
import java.sql.SQLException;

/**
 * Whether a statement's text may name a move's table, without parsing it, for the gates that decide
 * by text (the schema gate, generated-key names, updatable result sets). The table's name must occur
 * as a whole word; for a move on a schema-qualified table ({@code tenant_a.customer}) the text must
 * also either name the schema (it may qualify the table) or name the table where the connection's
 * search path finds it in that schema. A connection on {@code tenant_b} is then not refused or
 * rewritten for {@code tenant_a}'s move. Errs towards yes: a search path that is not known counts
 * as the move's schema.
 */
public final class TableMention {
  private TableMention() {}

  /** Whether {@code sql} may name the table of {@code move} on a connection whose metadata and search path are {@code columns}. */
  public static boolean mayName(String sql, MoveRule move, TableColumns columns, Dialect dialect) throws SQLException {
    TableName table = move.table();
    if (!namesWord(sql, table.table().name())) {
      return false;
    }
    if (table.schema() == null || namesWord(sql, table.schema().name())) {
      return true;
    }
    SearchPath path = columns.searchPath();
    if (!path.isKnown()) {
      return true;
    }
    String resolved = path.resolve(table.table().sql(dialect), columns, dialect);
    return resolved != null && table.schema().canonical(dialect).equals(dialect.canonical(resolved, true));
  }

  /** Whether {@code word} occurs in {@code text} case-insensitively and not as part of a longer name. */
  public static boolean namesWord(String text, String word) {
    int n = word.length();
    for (int i = 0; i + n <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, n) && !namePart(text, i - 1) && !namePart(text, i + n)) {
        return true;
      }
    }
    return false;
  }

  private static boolean namePart(String text, int at) {
    if (at < 0 || at >= text.length()) {
      return false;
    }
    char c = text.charAt(at);
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
