package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.util.List;

/**
 * Cheap looks at raw SQL text, before (and instead of) parsing.
 */
public final class StatementText {
  private static final String[] DDL_KEYWORDS =
      {"CREATE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE", "RENAME"};

  private StatementText() {}

  /**
   * Whether the statement is a schema change, judged by its first keyword ({@code CREATE},
   * {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code COMMENT}, {@code GRANT}, {@code REVOKE},
   * {@code RENAME}) after any leading comments, as the database's lexer finds them (a PostgreSQL
   * comment nests, a MariaDB executable comment is code). DDL is never rewritten, and much DDL is
   * vendor syntax the parser does not know, so it is passed through without parsing: refusing it
   * would block the very migrations Tandem exists for. The one DDL detector of the rewriter and the jdbc layer.
   */
  public static boolean isDdl(String sql, Dialect dialect) {
    return isDdl(sql, SqlLexer.of(dialect));
  }

  /**
   * {@link #isDdl(String, Dialect)} with a lexer already at hand (the rewriter's compiled rules hold one).
   * Lexes only up to the first word, one token at a time; a statement that starts with a plain word
   * (nearly all) is answered without allocating.
   */
  static boolean isDdl(String sql, SqlLexer lexer) {
    int start = 0;
    while (start < sql.length() && (Character.isWhitespace(sql.charAt(start)) || sql.charAt(start) == 0)) {
      start++;
    }
    int end = lexer.plainWordEnd(sql, start);
    if (end >= 0) {
      return isDdlKeyword(sql, start, end);
    }
    boolean inExecutable = false;
    for (SqlLexer.Token t = lexer.next(sql, 0, false); t != null; t = lexer.next(sql, t.end(), inExecutable)) {
      inExecutable = t.kind() == SqlLexer.Kind.EXECUTABLE_OPEN
          || (inExecutable && t.kind() != SqlLexer.Kind.EXECUTABLE_CLOSE);
      if (t.kind() == SqlLexer.Kind.COMMENT || (t.kind() == SqlLexer.Kind.EXECUTABLE_OPEN && t.end() - t.begin() == 3)) {
        continue; // a versioned executable comment may not run: what follows it is not necessarily first
      }
      return t.kind() == SqlLexer.Kind.WORD && isDdlKeyword(sql, t.begin(), t.end());
    }
    return false;
  }

  private static boolean isDdlKeyword(String sql, int begin, int end) {
    // The first letter first: SELECT has the length of CREATE, REVOKE and RENAME, and is the usual first word.
    for (String keyword : DDL_KEYWORDS) {
      if (end - begin == keyword.length() && keyword.charAt(0) == Character.toUpperCase(sql.charAt(begin))
          && sql.regionMatches(true, begin, keyword, 0, keyword.length())) {
        return true;
      }
    }
    return false;
  }
}
