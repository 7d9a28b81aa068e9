package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;

/**
 * The one place that talks to JSqlParser, so that the parser can be swapped without touching the
 * rewriters. Parses one statement on the caller's thread, with two bounds on the work it does.
 *
 * <ul>
 *   <li>A length bound: longer statements are not parsed at all.
 *   <li>A time bound. JSqlParser's own timeout ({@code CCJSqlParserUtil.parse}) runs every parse on
 *       a new executor thread, which costs more than the parse. Its grammar, though, checks a public
 *       {@code interrupted} flag in the lookaheads that can backtrack exponentially; a single shared
 *       daemon thread sets that flag when a parse overruns, and the parse then fails fast.
 * </ul>
 *
 * <p>Like {@code CCJSqlParserUtil.parse}, a statement is first parsed without JSqlParser's "complex
 * parsing" (much faster, and enough for nearly everything applications send) and only on failure
 * again with it.
 */
final class SqlParser {
  /** Statements longer than this (in chars) are not parsed. */
  static final int DEFAULT_MAX_LENGTH = 1 << 20;
  /** How long one parse attempt may take. */
  static final long DEFAULT_TIMEOUT_MILLIS = 2_000;
  /**
   * Statements with more tokens of code than this (long {@code IN} lists collapsed) are not parsed.
   * JSqlParser 5.3 checks its interruption flag only in some lookaheads, and some long statements
   * cost it more than linear time without passing there (a 20,000-row {@code VALUES}: 13 s); this
   * bound is what keeps a parse within seconds whatever the statement.
   */
  static final int DEFAULT_MAX_TOKENS = 40_000;

  private final int maxLength;
  private final long timeoutMillis;
  private final int maxTokens;

  SqlParser() {
    this(DEFAULT_MAX_LENGTH, DEFAULT_TIMEOUT_MILLIS);
  }

  SqlParser(int maxLength, long timeoutMillis) {
    this(maxLength, timeoutMillis, DEFAULT_MAX_TOKENS);
  }

  SqlParser(int maxLength, long timeoutMillis, int maxTokens) {
    if (maxLength <= 0 || timeoutMillis <= 0 || maxTokens <= 0) {
      throw new IllegalArgumentException("parse limits must be positive");
    }
    this.maxLength = maxLength;
    this.timeoutMillis = timeoutMillis;
    this.maxTokens = maxTokens;
  }

  /** Why a statement could not be parsed. */
  static final class ParseFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    ParseFailure(String reason, Throwable cause) {
      this(reason, cause, false);
    }

    ParseFailure(String reason, Throwable cause, boolean timedOut) {
      super(reason, cause, false, false);
      this.timedOut = timedOut;
    }
  }

  /**
   * Parses exactly one statement (an optional trailing {@code ;} allowed).
   *
   * @throws ParseFailure when the text is too long, does not parse, holds more than one statement
   *     or takes too long
   */
  ParsedStatement parse(String sql, Dialect dialect) throws ParseFailure {
    if (sql.length() > maxLength) {
      throw new ParseFailure("the statement is longer than " + maxLength + " characters", null);
    }
    SqlLexer lexer = SqlLexer.of(dialect);
    List<SqlLexer.Token> tokens = lexer.tokens(sql);
    LongLists.Collapsed text;
    try {
      text = LongLists.collapse(SyntaxPrePass.apply(ParserText.of(sql, tokens, lexer), tokens, dialect), tokens);
    } catch (ParserText.Unreadable e) {
      throw new ParseFailure(e.getMessage(), e);
    }
    if (text.codeTokens() > maxTokens) {
      throw new ParseFailure("the statement has " + text.codeTokens() + " tokens (after collapsing long IN lists); "
          + "Tandem parses at most " + maxTokens + ", beyond which JSqlParser's time grows out of bounds. Send "
          + "fewer rows per statement (a JDBC batch of smaller statements)", null);
    }
    try {
      return attempt(sql, text, dialect, false);
    } catch (ParseFailure simpleFailure) {
      if (simpleFailure.timedOut) {
        throw simpleFailure; // the complex attempt would only take longer
      }
      return attempt(sql, text, dialect, true);
    }
  }

  /** Parses the parser's view of {@code sql} (same length, same offsets). */
  private ParsedStatement attempt(String sql, LongLists.Collapsed collapsed, Dialect dialect, boolean complex)
      throws ParseFailure {
    String text = collapsed.text();
    CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(complex);
    if (dialect.family() == Dialect.MARIADB) {
      parser.withBackslashEscapeCharacter(true);
    }
    ParseWatchdog.Watch watch = ParseWatchdog.watch(parser, timeoutMillis);
    Statement statement;
    try {
      statement = parser.Statement();
    } catch (Exception e) {
      // ParseException, and TokenMgrException for text that does not even lex (an unclosed quote).
      throw parser.interrupted ? timedOut(e) : new ParseFailure(firstLine(e.getMessage()), e);
    } catch (StackOverflowError e) {
      throw new ParseFailure("the statement is nested too deeply to parse", e);
    } finally {
      watch.done();
    }
    if (parser.interrupted) {
      throw timedOut(null);
    }
    if (statement == null) {
      throw new ParseFailure("the text holds no statement", null);
    }
    Token next = parser.getNextToken();
    if (next != null && next.kind != 0) {
      throw new ParseFailure("the text holds more than one statement (found '" + next.image
          + "' after the first)", null);
    }
    return new ParsedStatement(sql, statement, (SimpleNode) parser.getASTRoot(), collapsed.hiddenMarkers());
  }

  private ParseFailure timedOut(Throwable cause) {
    return new ParseFailure("parsing took longer than " + timeoutMillis + " ms", cause, true);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "the statement does not parse";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
