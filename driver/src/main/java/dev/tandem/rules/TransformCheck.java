package dev.tandem.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * Checks a transform template when its rule file is loaded, so that a broken expression is a load
 * error with a line number instead of a failure inside an application's statement.
 *
 * <p>The template is first split into tokens and re-printed by {@link TransformTokens}, which
 * refuses comments, quoted placeholders, markers and deep nesting; the re-printed text is what the
 * loaded transform holds. It must then use its own placeholder ({@code {from}} in {@code forward}, {@code {to}} in
 * {@code backward}), no other one, and parse as a single SQL expression once the placeholder is
 * replaced by a column name. {@code CCJSqlParserUtil.parseExpression} is used without partial
 * parsing, so trailing text ({@code 1; DROP TABLE t}) is rejected; unlike
 * {@code CCJSqlParserUtil.parse(String)} it does not start a thread per call.
 */
final class TransformCheck {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  /** What stands in for the placeholder while parsing: an ordinary column name. */
  private static final String STAND_IN = "tandem_value";
  private static final int MAX_PARSER_DETAIL = 160;
  private static final String PARTIAL = "could only parse partial expression";

  private TransformCheck() {}

  /**
   * {@code transform} re-printed from its tokens.
   *
   * @throws TransformTokens.Problem saying what is wrong, to follow "'forward' of move X "
   */
  static Transform checked(Transform transform) throws TransformTokens.Problem {
    String reprinted = TransformTokens.reprint(transform.template());
    Transform result = transform.withTemplate(reprinted);
    String problem = problem(result);
    if (problem != null) {
      throw new TransformTokens.Problem(problem);
    }
    return result;
  }

  /** What is wrong with {@code transform}, to follow "'forward' of move X ", or {@code null}. */
  static String problem(Transform transform) {
    String own = transform.placeholder();
    String other = own.equals("{from}") ? "{to}" : "{from}";
    String purpose = own.equals("{from}")
        ? "a forward transform computes the new value from the old one, {from}"
        : "a backward transform computes the old value from the new one, {to}";
    Matcher placeholders = PLACEHOLDER.matcher(transform.template());
    while (placeholders.find()) {
      String found = placeholders.group();
      if (found.equals(other)) {
        return "uses " + other + "; " + purpose;
      }
      if (!found.equals(own)) {
        return "uses the unknown placeholder " + found + "; " + purpose;
      }
    }
    if (transform.placeholderCount() == 0) {
      return "does not use " + own + "; " + purpose;
    }
    try {
      CCJSqlParserUtil.parseExpression(transform.withPlaceholder(STAND_IN), false);
      return null;
    } catch (JSQLParserException | RuntimeException e) {
      return "is not an SQL expression: " + parserDetail(e).replace(STAND_IN, transform.placeholder());
    } catch (StackOverflowError e) {
      // A last resort: the token check bounds nesting, but the parser recurses on more than that.
      return "nests too deeply to be parsed; write a shorter expression, or a function in the database";
    }
  }

  /** The first line of the parser's message, which says where it stopped; the rest lists tokens. */
  private static String parserDetail(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    int newline = message.indexOf('\n');
    String first = (newline < 0 ? message : message.substring(0, newline)).strip();
    if (first.startsWith(PARTIAL)) {
      return "the parser stops after '" + first.substring(PARTIAL.length()).strip() + "'";
    }
    return first.length() > MAX_PARSER_DETAIL ? first.substring(0, MAX_PARSER_DETAIL) + "…" : first;
  }
}
