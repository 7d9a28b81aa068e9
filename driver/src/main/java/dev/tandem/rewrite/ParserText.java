package dev.tandem.rewrite;

import dev.tandem.rewrite.SqlLexer.Kind;
import dev.tandem.rewrite.SqlLexer.Token;
import java.util.List;

/**
 * The statement text as JSqlParser has to see it to read what the database reads (SPEC §6), of the
 * very same length, so that every offset the parser reports is an offset into the application's
 * text and edits splice there. The database's lexer ({@link SqlLexer}) decides; where JSqlParser's
 * own lexing would disagree the text is neutralised in place:
 *
 * <ul>
 *   <li>comments (including MariaDB {@code #} and PostgreSQL/H2 nested ones) become blanks;
 *   <li>the markers of a MariaDB executable comment ({@code /*!} and its {@code *}{@code /}) become
 *       blanks, so the code inside is parsed and rewritten as the server runs it;
 *   <li>every string literal becomes a plain {@code '…'} literal over the same characters: a MariaDB
 *       {@code "…"} string, a dollar-quoted string, {@code U&'…'}; quotes and backslashes inside are
 *       blanked, so no escape rule is left to disagree on (the database still gets the original);
 *   <li>MariaDB's {@code --1} (minus minus one, not a comment there) becomes {@code + 1}, and its
 *       {@code ||} (OR in the default {@code sql_mode}) becomes {@code OR}.
 * </ul>
 *
 * <p>Where that cannot be done safely the statement is refused: a versioned executable comment
 * ({@code /*!50100 …}, {@code /*M!…}: whether it runs depends on the server), a Unicode-escaped name
 * ({@code U&"…"}), {@code //} outside H2 (JSqlParser would skip the rest of the line) and text the
 * database cannot read to its end.
 */
final class ParserText {
  private ParserText() {}

  /** A statement the text of which Tandem and the database could read differently. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The text for the parser, of {@code sql}'s length; {@code sql} itself when nothing differs. */
  static String of(String sql, SqlLexer lexer) throws Unreadable {
    return of(sql, lexer.tokens(sql), lexer);
  }

  static String of(String sql, List<Token> tokens, SqlLexer lexer) throws Unreadable {
    char[] text = null;
    for (int k = 0; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      Token next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
      switch (t.kind()) {
        case COMMENT, EXECUTABLE_CLOSE -> text = blank(sql, text, t.begin(), t.end());
        case EXECUTABLE_OPEN -> {
          if (t.end() - t.begin() > 3) {
            throw new Unreadable("it holds the executable comment '" + t.text(sql) + " …*/', which the server runs "
                + "or skips depending on its version and kind, so Tandem cannot know what the statement does");
          }
          text = blank(sql, text, t.begin(), t.end());
        }
        case STRING -> text = plainString(sql, text, t);
        case QUOTED_NAME -> {
          if (sql.charAt(t.begin()) == 'U' || sql.charAt(t.begin()) == 'u') {
            throw new Unreadable("it holds the Unicode-escaped name " + t.text(sql) + (t.name() == null ? ""
                : " (" + t.name() + ")") + ", which Tandem does not resolve; write the name without escapes");
          }
        }
        case UNTERMINATED -> throw new Unreadable("the database cannot read it to its end: "
            + abbreviate(t.text(sql)) + " is never closed");
        case SYMBOL -> {
          char c = sql.charAt(t.begin());
          if (next != null && next.kind() == Kind.SYMBOL && next.begin() == t.end()
              && sql.charAt(next.begin()) == c) {
            text = doubled(sql, text, t, c, lexer);
            if (c == '-' || c == '|') {
              k++; // the pair is handled
            }
          }
        }
        default -> { }
      }
    }
    return text == null ? sql : new String(text);
  }

  /** Two adjacent equal symbol characters that JSqlParser would read otherwise than the database. */
  private static char[] doubled(String sql, char[] text, Token first, char c, SqlLexer lexer) throws Unreadable {
    int at = first.begin();
    if (c == '-') { // not a comment to the database (MariaDB's "--" before a non-space): minus minus
      char[] t = copy(sql, text);
      t[at] = '+';
      t[at + 1] = ' ';
      return t;
    }
    if (c == '/' && lexer.slashSlashIsCode()) {
      throw new Unreadable("it holds '//' outside a string, which JSqlParser reads as a comment but the database "
          + "does not");
    }
    if (c == '|' && lexer.pipesAreOr()) {
      boolean wordBefore = at > 0 && isWordChar(sql.charAt(at - 1));
      boolean wordAfter = at + 2 < sql.length() && isWordChar(sql.charAt(at + 2));
      if (wordBefore || wordAfter) {
        throw new Unreadable("it uses '||', which is OR on this server but concatenation to JSqlParser; "
            + "write OR (or put spaces around '||')");
      }
      char[] t = copy(sql, text);
      t[at] = 'O';
      t[at + 1] = 'R';
      return t;
    }
    return text;
  }

  /**
   * Turns a string token into a plain {@code '…'} literal over the same characters, keeping a
   * one-letter prefix ({@code E}, {@code N}, {@code X}, {@code B}) that JSqlParser knows.
   */
  private static char[] plainString(String sql, char[] text, Token t) {
    int from = t.begin();
    int to = t.end();
    char first = sql.charAt(from);
    if (first != '\'' && first != '"' && first != '$' && sql.charAt(from + 1) == '\'' && "EeNnXxBb".indexOf(first) >= 0) {
      from++;
    }
    boolean plain = sql.charAt(from) == '\'' && sql.charAt(to - 1) == '\'';
    for (int i = from + 1; plain && i < to - 1; i++) {
      char c = sql.charAt(i);
      plain = c != '\'' && c != '\\';
    }
    if (plain) {
      return text;
    }
    char[] out = copy(sql, text);
    out[from] = '\'';
    out[to - 1] = '\'';
    for (int i = from + 1; i < to - 1; i++) {
      if (out[i] == '\'' || out[i] == '\\' || out[i] == '$') {
        out[i] = ' ';
      }
    }
    return out;
  }

  private static char[] blank(String sql, char[] text, int from, int to) {
    char[] out = copy(sql, text);
    for (int i = from; i < to; i++) {
      if (out[i] != '\n' && out[i] != '\r') {
        out[i] = ' ';
      }
    }
    return out;
  }

  private static char[] copy(String sql, char[] text) {
    return text != null ? text : sql.toCharArray();
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static String abbreviate(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "…";
  }

}
