package dev.tandem.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a transform template into tokens by rules that every supported database lexes the same
 * way, and re-prints it from them, so that nothing but the expression reaches a statement (SPEC §7).
 *
 * <p>A transform is spliced into the application's statement, so any text whose meaning differs
 * between Tandem and the database, or that reaches beyond the expression, is refused:
 * comments ({@code --}, {@code /*}, and {@code #}, a comment on MariaDB), {@code ;}, {@code ?}
 * markers, named parameters ({@code :name}; PostgreSQL's {@code ::type} cast is allowed), dollar
 * quotes and {@code $1} parameters, JDBC escapes ({@code {fn …}}), backslashes (an escape inside
 * MariaDB's quotes, plain text inside PostgreSQL's), a placeholder inside quotes ({@code '{from}'} is
 * text, not the value) or glued to a name ({@code x{from}}), and nesting deeper than
 * {@value #MAX_DEPTH} levels of parentheses, brackets and {@code CASE}.
 *
 * <p>The re-printed text is the tokens with every run of white space made one space, and a space
 * put between an operator and a placeholder, so that substituting {@code -1} into {@code -{from}}
 * cannot make {@code --1}, a comment.
 */
final class TransformTokens {
  /** The deepest nesting of parentheses, brackets and CASE a transform may have. */
  static final int MAX_DEPTH = 32;
  /** The longest transform, in characters. */
  static final int MAX_LENGTH = 8192;

  private static final String OPERATOR_CHARS = "+-*/<>=~!@%^&|";

  /** Why a template cannot be used; the message follows "'forward' of move X ". */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    Problem(String reason) {
      super(reason, null, false, false);
    }
  }

  private enum Kind { WORD, NUMBER, QUOTED, PLACEHOLDER, OPERATOR, PUNCTUATION }

  private record Token(Kind kind, String text, boolean spaceBefore) {}

  private final String text;
  private int at;

  private TransformTokens(String text) {
    this.text = text;
  }

  /**
   * {@code template} re-printed from its tokens.
   *
   * @throws Problem when the template holds anything but the tokens of one expression
   */
  static String reprint(String template) throws Problem {
    if (template.length() > MAX_LENGTH) {
      throw new Problem("is longer than " + MAX_LENGTH + " characters; a transform is one expression");
    }
    List<Token> tokens = new TransformTokens(template).tokens();
    StringBuilder out = new StringBuilder(template.length());
    Token previous = null;
    for (Token token : tokens) {
      boolean glued = previous != null && !token.spaceBefore();
      if (glued && (token.kind() == Kind.PLACEHOLDER || previous.kind() == Kind.PLACEHOLDER)) {
        Token other = token.kind() == Kind.PLACEHOLDER ? previous : token;
        if (other.kind() == Kind.WORD || other.kind() == Kind.NUMBER || other.kind() == Kind.QUOTED
            || other.kind() == Kind.PLACEHOLDER) {
          throw new Problem("writes " + previous.text() + token.text() + ": a placeholder must not touch a name,"
              + " number or quoted text; put an operator, a parenthesis or a space between them");
        }
      }
      boolean space = previous != null && (token.spaceBefore()
          || (token.kind() == Kind.PLACEHOLDER && previous.kind() == Kind.OPERATOR));
      if (space) {
        out.append(' ');
      }
      out.append(token.text());
      previous = token;
    }
    return out.toString();
  }

  private List<Token> tokens() throws Problem {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    boolean space = false;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        at++;
        space = true;
        continue;
      }
      Token token = next(c, space);
      space = false;
      String upper = token.kind() == Kind.WORD ? token.text().toUpperCase(java.util.Locale.ROOT) : "";
      if (token.text().equals("(") || token.text().equals("[") || upper.equals("CASE")) {
        if (++depth > MAX_DEPTH) {
          throw new Problem("nests more than " + MAX_DEPTH + " levels of parentheses, brackets or CASE;"
              + " write a shorter expression, or a function in the database");
        }
      } else if (token.text().equals(")") || token.text().equals("]") || upper.equals("END")) {
        depth--;
      }
      tokens.add(token);
    }
    return tokens;
  }

  private Token next(char c, boolean space) throws Problem {
    int start = at;
    if (c == '\'' || c == '"' || c == '`') {
      return new Token(Kind.QUOTED, quoted(c), space);
    }
    if (c == '{') {
      int close = text.indexOf('}', at);
      String inside = close < 0 ? "" : text.substring(at + 1, close);
      if (inside.isEmpty() || !inside.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
        throw new Problem("contains '{' that does not start a placeholder ({from} or {to});"
            + " JDBC escapes such as {fn …} are not allowed in a transform");
      }
      at = close + 1;
      return new Token(Kind.PLACEHOLDER, text.substring(start, at), space);
    }
    if (Character.isLetter(c) || c == '_') {
      at++;
      while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_'
          || text.charAt(at) == '$')) {
        at++;
      }
      return new Token(Kind.WORD, text.substring(start, at), space);
    }
    if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
      return new Token(Kind.NUMBER, number(), space);
    }
    if (OPERATOR_CHARS.indexOf(c) >= 0) {
      while (at < text.length() && OPERATOR_CHARS.indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      String operator = text.substring(start, at);
      if (operator.contains("--") || operator.contains("/*")) {
        throw new Problem("contains a comment ('" + (operator.contains("--") ? "--" : "/*") + "'); spliced into a"
            + " statement it would comment out the rest of it. Put notes in a YAML comment (# …) after the value");
      }
      return new Token(Kind.OPERATOR, operator, space);
    }
    if (c == ':' && at + 1 < text.length() && text.charAt(at + 1) == ':') {
      at += 2;
      return new Token(Kind.PUNCTUATION, "::", space);
    }
    if ("(),.[]".indexOf(c) >= 0) {
      at++;
      return new Token(Kind.PUNCTUATION, String.valueOf(c), space);
    }
    throw new Problem(refusal(c));
  }

  private String refusal(char c) {
    switch (c) {
      case '?':
        return "contains '?', which would become a parameter marker the application never binds";
      case ':':
        return "contains ':" + word(at + 1) + "', a named parameter; a transform takes its value only from its"
            + " placeholder (a cast is written ::type)";
      case ';':
        return "contains ';'; a transform is one expression, not statements";
      case '#':
        return "contains '#', which starts a comment on MariaDB and MySQL";
      case '$':
        return "contains '$' outside a name (a dollar quote or a $1 parameter); quote text with '…'";
      case '\\':
        return "contains a backslash; MariaDB reads it as an escape inside quotes and PostgreSQL does not";
      case '}':
        return "contains '}' that does not end a placeholder";
      default:
        return "contains the character " + (Character.isISOControl(c) || Character.isWhitespace(c)
            ? String.format("U+%04X", (int) c) : "'" + c + "'") + ", which has no place in an SQL expression";
    }
  }

  private String word(int from) {
    int end = from;
    while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      end++;
    }
    return text.substring(from, end);
  }

  /** A quoted string or identifier; the quote character doubled stands for itself. */
  private String quoted(char quote) throws Problem {
    int start = at;
    at++;
    while (true) {
      int close = text.indexOf(quote, at);
      int backslash = text.indexOf('\\', at);
      if (backslash >= 0 && (close < 0 || backslash < close)) {
        throw new Problem("contains a backslash inside quotes; MariaDB reads it as an escape and PostgreSQL"
            + " does not, so the two would not agree where the quoted text ends");
      }
      if (close < 0) {
        throw new Problem("has an unclosed quote (" + quote + ") starting at '" + shorten(text.substring(start)) + "'");
      }
      if (close + 1 < text.length() && text.charAt(close + 1) == quote) {
        at = close + 2;
        continue;
      }
      at = close + 1;
      String token = text.substring(start, at);
      if (token.contains("{from}") || token.contains("{to}")) {
        throw new Problem("puts its placeholder inside quotes (" + shorten(token) + "), where it is text, not the"
            + " value; write the placeholder without quotes");
      }
      return token;
    }
  }

  private String number() {
    int start = at;
    while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
      at++;
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      int exponent = at + 1;
      if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
        exponent++;
      }
      if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
        at = exponent;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
          at++;
        }
      }
    }
    return text.substring(start, at);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
