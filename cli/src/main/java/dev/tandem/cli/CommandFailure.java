package dev.tandem.cli;

/**
 * A command cannot go on, for a reason the operator can fix; the message says what and how, and
 * {@link #exitCode()} is one of {@link TandemCli}'s exit codes.
 */
public final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The rules do not fit the database (exit code {@value TandemCli#PROBLEMS}). */
  public static CommandFailure doesNotFit(String message) {
    return new CommandFailure(TandemCli.PROBLEMS, message);
  }

  /** The operator asked for something that cannot be done (exit code {@value TandemCli#USAGE}). */
  public static CommandFailure usage(String message) {
    return new CommandFailure(TandemCli.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
