package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits statement text into tokens the way the database does (SPEC §6): which characters are a
 * string, a quoted name, a comment, or code. Every character belongs to exactly one token or to the
 * whitespace between tokens. The rules differ by dialect:
 *
 * <ul>
 *   <li>MariaDB/MySQL: {@code "…"} is a string unless {@code ANSI_QUOTES} is on, {@code `…`} a
 *       name; a backslash escapes in strings; {@code #} starts a comment, {@code --} only when
 *       whitespace, a control character or the end follows ({@code --1} is minus minus one);
 *       {@code /*! … *}{@code /}, {@code /*!50100 … *}{@code /} and {@code /*M! … *}{@code /} are code
 *       the server runs, between an {@link Kind#EXECUTABLE_OPEN} and an {@link Kind#EXECUTABLE_CLOSE}.
 *   <li>PostgreSQL: {@code "…"} and {@code U&"…"} (with {@code \XXXX}, {@code \+XXXXXX} and
 *       {@code UESCAPE}) are names, {@code E'…'} strings take backslash escapes, {@code $tag$…$tag$}
 *       is a string, block comments nest.
 *   <li>H2: like PostgreSQL without {@code E'…'}, with {@code $$…$$} (no tag), {@code //} line
 *       comments and backtick names.
 * </ul>
 *
 * <p>Text the rules cannot close (an unterminated string or comment) ends in a token of kind
 * {@link Kind#UNTERMINATED}: the database rejects it, and Tandem must not guess.
 */
final class SqlLexer {
  /** What a token is to the database. */
  enum Kind {
    /** An unquoted word: a keyword or a name. */
    WORD,
    /** A number. */
    NUMBER,
    /** A quoted name; {@link Token#name()} is the name it stands for. */
    QUOTED_NAME,
    /** A string literal, with its prefix ({@code E}, {@code N}, {@code U&}, {@code X}) if any. */
    STRING,
    /** A parameter marker {@code ?}. */
    MARKER,
    /** Any other character or operator. */
    SYMBOL,
    /** A comment: the database ignores it. */
    COMMENT,
    /** {@code /*!}, {@code /*!50100} or {@code /*M!…}: the start of code in a comment's clothing. */
    EXECUTABLE_OPEN,
    /** The {@code *}{@code /} that ends an executable comment. */
    EXECUTABLE_CLOSE,
    /** A string, name or comment that never ends. */
    UNTERMINATED
  }

  /**
   * One token: {@code [begin, end)} in the text.
   *
   * @param name for {@link Kind#QUOTED_NAME}, the name as the database reads it (escapes decoded);
   *     otherwise {@code null}
   */
  record Token(Kind kind, int begin, int end, String name) {
    String text(String sql) {
      return sql.substring(begin, end);
    }

    /** Whether this token is the unquoted word {@code word} of {@code sql}, in any case. */
    boolean isWord(String sql, String word) {
      return kind == Kind.WORD && end - begin == word.length() && sql.regionMatches(true, begin, word, 0, word.length());
    }
  }

  /** The lexical rules of one dialect. */
  private record Rules(boolean doubleQuoteIsString, boolean backslashEscapes, boolean hashComments,
      boolean dashDashNeedsSpace, boolean executableComments, boolean nestedComments, boolean dollarTags,
      boolean dollarQuotes, boolean unicodeEscapes, boolean escapeStrings, boolean backtickNames,
      boolean slashSlashComments) {}

  private static final SqlLexer MARIADB = new SqlLexer(
      new Rules(true, true, true, true, true, false, false, false, false, false, true, false));
  private static final SqlLexer MARIADB_ANSI_QUOTES = new SqlLexer(
      new Rules(false, true, true, true, true, false, false, false, false, false, true, false));
  private static final SqlLexer POSTGRESQL = new SqlLexer(
      new Rules(false, false, false, false, false, true, true, true, true, true, false, false));
  private static final SqlLexer H2 = new SqlLexer(
      new Rules(false, false, false, false, false, true, false, true, true, false, true, true));
  private static final SqlLexer GENERIC = new SqlLexer(
      new Rules(false, false, false, false, false, false, false, false, false, false, false, false));

  private final Rules rules;

  private SqlLexer(Rules rules) {
    this.rules = rules;
  }

  /** The lexer that reads text as {@code dialect}'s database does. */
  static SqlLexer of(Dialect dialect) {
    return switch (dialect) {
      case MARIADB -> MARIADB;
      case MARIADB_ANSI_QUOTES -> MARIADB_ANSI_QUOTES;
      case POSTGRESQL -> POSTGRESQL;
      case H2 -> H2;
      case GENERIC -> GENERIC;
    };
  }

  /** Whether {@code "…"} is a string here (MariaDB/MySQL without {@code ANSI_QUOTES}). */
  boolean doubleQuoteIsString() {
    return rules.doubleQuoteIsString;
  }

  /** Whether {@code ||} means OR here (MariaDB/MySQL unless {@code sql_mode} says otherwise). */
  boolean pipesAreOr() {
    return rules.doubleQuoteIsString; // the default sql_mode has neither ANSI_QUOTES nor PIPES_AS_CONCAT
  }

  /** Whether {@code //} is code here, where JSqlParser would read it as a comment. */
  boolean slashSlashIsCode() {
    return !rules.slashSlashComments;
  }

  /** The tokens of {@code sql}, in text order; whitespace between tokens is not a token. */
  List<Token> tokens(String sql) {
    List<Token> out = new ArrayList<>();
    boolean inExecutable = false;
    for (Token t = next(sql, 0, false); t != null; t = next(sql, t.end, inExecutable)) {
      inExecutable = t.kind == Kind.EXECUTABLE_OPEN || (inExecutable && t.kind != Kind.EXECUTABLE_CLOSE);
      out.add(t);
    }
    return out;
  }

  /**
   * The first token of {@code sql} at or after {@code from}, or {@code null} at the end: tokens one
   * at a time, for callers that need only the first few ({@link StatementText#isDdl}).
   *
   * @param inExecutable whether {@code from} is inside an executable comment (a {@code *}{@code /} closes it)
   */
  Token next(String sql, int from, boolean inExecutable) {
    int n = sql.length();
    int i = from;
    while (i < n && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == 0)) {
      i++;
    }
    if (i >= n) {
      return null;
    }
    char c = sql.charAt(i);
    if (inExecutable && c == '*' && at(sql, i + 1, '/')) {
      return new Token(Kind.EXECUTABLE_CLOSE, i, i + 2, null);
    } else if (c == '/' && at(sql, i + 1, '*')) {
      return blockComment(sql, i);
    } else if (c == '-' && at(sql, i + 1, '-') && (!rules.dashDashNeedsSpace || spaceOrEnd(sql, i + 2))) {
      return lineComment(sql, i);
    } else if ((c == '#' && rules.hashComments) || (c == '/' && at(sql, i + 1, '/') && rules.slashSlashComments)) {
      return lineComment(sql, i);
    } else if (c == '\'') {
      return quoted(sql, i, i, '\'', Kind.STRING, rules.backslashEscapes);
    } else if (c == '"') {
      return rules.doubleQuoteIsString ? quoted(sql, i, i, '"', Kind.STRING, rules.backslashEscapes)
          : quoted(sql, i, i, '"', Kind.QUOTED_NAME, false);
    } else if (c == '`' && rules.backtickNames) {
      return quoted(sql, i, i, '`', Kind.QUOTED_NAME, false);
    } else if (c == '$' && rules.dollarQuotes && dollarTagEnd(sql, i) > 0) {
      return dollarQuoted(sql, i);
    } else if (c == '?') {
      return new Token(Kind.MARKER, i, i + 1, null);
    } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
      return number(sql, i);
    } else if (isWordStart(c)) {
      return wordOrPrefixed(sql, i);
    }
    return new Token(Kind.SYMBOL, i, i + 1, null);
  }

  /**
   * The end of the plain word (letters, digits, {@code _}, {@code $}) starting at {@code start}, when
   * {@code start} begins a word token the database reads as a word and not as a string prefix
   * ({@code E'…'}, {@code U&"…"}); -1 otherwise. Allocates nothing: the fast path of {@link StatementText#isDdl}.
   */
  int plainWordEnd(String sql, int start) {
    if (start >= sql.length() || !isWordStart(sql.charAt(start))) {
      return -1;
    }
    int i = start;
    while (i < sql.length() && (isWordStart(sql.charAt(i)) || isDigit(sql.charAt(i)))) {
      i++;
    }
    return i - start == 1 && (at(sql, i, '\'') || at(sql, i, '&')) ? -1 : i;
  }

  private Token blockComment(String sql, int start) {
    int n = sql.length();
    if (rules.executableComments && at(sql, start + 2, '!')) {
      return new Token(Kind.EXECUTABLE_OPEN, start, digitsEnd(sql, start + 3), null);
    }
    if (rules.executableComments && at(sql, start + 2, 'M') && at(sql, start + 3, '!')) {
      return new Token(Kind.EXECUTABLE_OPEN, start, digitsEnd(sql, start + 4), null);
    }
    int depth = 1;
    int i = start + 2;
    while (i < n) {
      if (sql.charAt(i) == '*' && at(sql, i + 1, '/')) {
        i += 2;
        if (--depth == 0) {
          return new Token(Kind.COMMENT, start, i, null);
        }
      } else if (rules.nestedComments && sql.charAt(i) == '/' && at(sql, i + 1, '*')) {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    return new Token(Kind.UNTERMINATED, start, n, null);
  }

  private static int digitsEnd(String sql, int from) {
    int i = from;
    while (i < sql.length() && i - from < 6 && isDigit(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static Token lineComment(String sql, int start) {
    int i = start;
    while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
      i++;
    }
    return new Token(Kind.COMMENT, start, i, null);
  }

  /**
   * A quoted token starting at {@code start} whose opening quote is at {@code quoteAt}; a doubled
   * quote stands for one, and with {@code backslash} a backslash escapes the next character.
   */
  private static Token quoted(String sql, int start, int quoteAt, char quote, Kind kind, boolean backslash) {
    int n = sql.length();
    StringBuilder name = kind == Kind.QUOTED_NAME ? new StringBuilder() : null;
    int i = quoteAt + 1;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (at(sql, i + 1, quote)) {
          if (name != null) {
            name.append(quote);
          }
          i += 2;
        } else {
          return new Token(kind, start, i + 1, name == null ? null : name.toString());
        }
      } else {
        if (name != null) {
          name.append(c);
        }
        i++;
      }
    }
    return new Token(Kind.UNTERMINATED, start, n, null);
  }

  /** The end of a dollar-quote tag ({@code $$}, {@code $tag$}) starting at {@code i}, or -1. */
  private int dollarTagEnd(String sql, int i) {
    int j = i + 1;
    if (rules.dollarTags) {
      if (j < sql.length() && isDigit(sql.charAt(j))) {
        return -1; // $1 is a parameter
      }
      while (j < sql.length() && sql.charAt(j) != '$' && (isWordStart(sql.charAt(j)) || isDigit(sql.charAt(j)))) {
        j++;
      }
    }
    return at(sql, j, '$') ? j + 1 : -1;
  }

  private Token dollarQuoted(String sql, int start) {
    int tagEnd = dollarTagEnd(sql, start);
    String tag = sql.substring(start, tagEnd);
    int close = sql.indexOf(tag, tagEnd);
    return close < 0 ? new Token(Kind.UNTERMINATED, start, sql.length(), null)
        : new Token(Kind.STRING, start, close + tag.length(), null);
  }

  private static Token number(String sql, int start) {
    int i = start;
    int n = sql.length();
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return new Token(Kind.NUMBER, start, i, null);
  }

  private Token wordOrPrefixed(String sql, int start) {
    int n = sql.length();
    int i = start;
    while (i < n && (isWordStart(sql.charAt(i)) || isDigit(sql.charAt(i)))) {
      i++;
    }
    int length = i - start;
    char first = sql.charAt(start);
    if (length == 1 && at(sql, i, '\'')) {
      if ((first == 'E' || first == 'e') && rules.escapeStrings) {
        return quoted(sql, start, i, '\'', Kind.STRING, true);
      }
      if ("NnXxBb".indexOf(first) >= 0) {
        return quoted(sql, start, i, '\'', Kind.STRING, rules.backslashEscapes && (first == 'N' || first == 'n'));
      }
    }
    if (length == 1 && (first == 'U' || first == 'u') && rules.unicodeEscapes && at(sql, i, '&')) {
      if (at(sql, i + 1, '\'')) {
        return unicode(sql, start, quoted(sql, start, i + 1, '\'', Kind.STRING, false));
      }
      if (at(sql, i + 1, '"')) {
        return unicode(sql, start, quoted(sql, start, i + 1, '"', Kind.QUOTED_NAME, false));
      }
    }
    return new Token(Kind.WORD, start, i, null);
  }

  /**
   * A {@code U&'…'} or {@code U&"…"} token with its optional {@code UESCAPE 'c'} clause, the name of
   * a {@code U&"…"} decoded. An escape that does not decode leaves the name {@code null}.
   */
  private static Token unicode(String sql, int start, Token body) {
    if (body.kind == Kind.UNTERMINATED) {
      return body;
    }
    int end = body.end;
    char escape = '\\';
    int after = skipSpace(sql, end);
    if (after + 7 <= sql.length() && sql.regionMatches(true, after, "UESCAPE", 0, 7)) {
      int q = skipSpace(sql, after + 7);
      if (q + 2 < sql.length() && sql.charAt(q) == '\'' && sql.charAt(q + 2) == '\'') {
        escape = sql.charAt(q + 1);
        end = q + 3;
      }
    }
    String name = body.kind == Kind.QUOTED_NAME ? decode(body.name, escape) : null;
    return new Token(body.kind, start, end, name);
  }

  private static int skipSpace(String sql, int from) {
    int i = from;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Decodes {@code \XXXX} and {@code \+XXXXXX} escapes (with {@code escape} for the backslash). */
  static String decode(String text, char escape) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != escape) {
        out.append(c);
        i++;
      } else if (i + 1 < text.length() && text.charAt(i + 1) == escape) {
        out.append(escape);
        i += 2;
      } else {
        boolean plus = i + 1 < text.length() && text.charAt(i + 1) == '+';
        int digits = plus ? 6 : 4;
        int from = i + (plus ? 2 : 1);
        if (from + digits > text.length()) {
          return null;
        }
        try {
          out.appendCodePoint(Integer.parseInt(text.substring(from, from + digits), 16));
        } catch (IllegalArgumentException e) {
          return null;
        }
        i = from + digits;
      }
    }
    return out.toString();
  }

  private static boolean at(String sql, int i, char c) {
    return i < sql.length() && sql.charAt(i) == c;
  }

  private static boolean spaceOrEnd(String sql, int i) {
    return i >= sql.length() || sql.charAt(i) <= ' ' || Character.isWhitespace(sql.charAt(i));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || (c >= 128 && !Character.isWhitespace(c));
  }
}
