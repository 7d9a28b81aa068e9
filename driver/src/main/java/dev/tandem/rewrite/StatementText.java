package dev.tandem.rewrite;

/**
 * Cheap looks at raw SQL text, before (and instead of) parsing.
 */
public final class StatementText {
  private StatementText() {}

  /**
   * Whether the statement is a schema change, judged by its first keyword ({@code CREATE},
   * {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code COMMENT}, {@code GRANT}, {@code REVOKE},
   * {@code RENAME}) after any leading comments. DDL is never rewritten, and much DDL is vendor
   * syntax the parser does not know, so it is passed through without parsing: refusing it would
   * block the very migrations Tandem exists for.
   */
  public static boolean isDdl(String sql) {
    int i = skipSpaceAndComments(sql, 0);
    int start = i;
    while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    int length = i - start;
    return is(sql, start, length, "CREATE") || is(sql, start, length, "ALTER") || is(sql, start, length, "DROP")
        || is(sql, start, length, "TRUNCATE") || is(sql, start, length, "COMMENT")
        || is(sql, start, length, "GRANT") || is(sql, start, length, "REVOKE") || is(sql, start, length, "RENAME");
  }

  private static boolean is(String sql, int start, int length, String keyword) {
    return length == keyword.length() && sql.regionMatches(true, start, keyword, 0, length);
  }

  private static int skipSpaceAndComments(String sql, int from) {
    int i = from;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else {
        break;
      }
    }
    return i;
  }
}
