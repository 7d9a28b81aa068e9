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

  /** {@link #isDdl(String, Dialect)} with a lexer already at hand (the rewriter's compiled rules hold one). */
  static boolean isDdl(String sql, SqlLexer lexer) {
    List<SqlLexer.Token> tokens = lexer.tokens(sql);
    for (SqlLexer.Token t : tokens) {
      if (t.kind() == SqlLexer.Kind.COMMENT || (t.kind() == SqlLexer.Kind.EXECUTABLE_OPEN && t.end() - t.begin() == 3)) {
        continue; // a versioned executable comment may not run: what follows it is not necessarily first
      }
      if (t.kind() != SqlLexer.Kind.WORD) {
        return false;
      }
      for (String keyword : DDL_KEYWORDS) {
        if (t.isWord(sql, keyword)) {
          return true;
        }
      }
      return false;
    }
    return false;
  }
}
