package dev.tandem.rewrite;

import dev.tandem.Dialect;

import java.util.List;

/**
 * Cheap looks at raw SQL text, before (and instead of) parsing.
 */
public final class StatementText {
  private StatementText() {}

  /**
   * Whether the statement is a schema change, judged by its first keyword ({@code CREATE},
   * {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code COMMENT}, {@code GRANT}, {@code REVOKE},
   * {@code RENAME}) after any leading comments, as the database's lexer finds them (a PostgreSQL
   * comment nests, a MariaDB executable comment is code). DDL is never rewritten, and much DDL is
   * vendor syntax the parser does not know, so it is passed through without parsing: refusing it
   * would block the very migrations Tandem exists for.
   */
  /** {@link #isDdl(String, SqlLexer)} with the lexer of {@code dialect}: the jdbc layer's one DDL detector. */
  public static boolean isDdl(String sql, Dialect dialect) {
    return isDdl(sql, SqlLexer.of(dialect));
  }

  static boolean isDdl(String sql, SqlLexer lexer) {
    List<SqlLexer.Token> tokens = lexer.tokens(sql);
    for (SqlLexer.Token t : tokens) {
      if (t.kind() == SqlLexer.Kind.COMMENT || (t.kind() == SqlLexer.Kind.EXECUTABLE_OPEN && t.end() - t.begin() == 3)) {
        continue; // a versioned executable comment may not run: what follows it is not necessarily first
      }
      if (t.kind() != SqlLexer.Kind.WORD) {
        return false;
      }
      int start = t.begin();
      int length = t.end() - start;
      return is(sql, start, length, "CREATE") || is(sql, start, length, "ALTER") || is(sql, start, length, "DROP")
          || is(sql, start, length, "TRUNCATE") || is(sql, start, length, "COMMENT")
          || is(sql, start, length, "GRANT") || is(sql, start, length, "REVOKE") || is(sql, start, length, "RENAME");
    }
    return false;
  }

  private static boolean is(String sql, int start, int length, String keyword) {
    return length == keyword.length() && sql.regionMatches(true, start, keyword, 0, length);
  }
}
