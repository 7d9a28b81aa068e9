package dev.tandem.rules;

/**
 * A rule file that cannot be used: it cannot be read, is not valid YAML, or breaks a rule of the
 * format. The message reads like a compiler's, {@code source:line:column: reason}, so that an
 * operator can jump straight to the place:
 *
 * <pre>rules.yaml:7:5: unknown key 'phse' in move 'conversation.last_message_id-&gt;last_message_at'; …</pre>
 *
 * <p>Line and column are 1-based; either is 0 when the problem has no place in the file (the file
 * is missing, empty or too large). The exception is checked because a caller must decide what a bad
 * rule file means for it: refuse the connection, or keep the rules it already has.
 */
public final class RuleFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final String reason;

  public RuleFileException(String source, int line, int column, String reason) {
    this(source, line, column, reason, null);
  }

  public RuleFileException(String source, int line, int column, String reason, Throwable cause) {
    super(format(source, line, column, reason), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String format(String source, int line, int column, String reason) {
    StringBuilder message = new StringBuilder(source);
    if (line > 0) {
      message.append(':').append(line);
      if (column > 0) {
        message.append(':').append(column);
      }
    }
    return message.append(": ").append(reason).toString();
  }

  /** The file path or {@code classpath:} resource the rules came from. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when it has none. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem, or 0 when it has none. */
  public int column() {
    return column;
  }

  /** The reason in plain words, without the place. */
  public String reason() {
    return reason;
  }
}
