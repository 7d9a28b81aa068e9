package dev.tandem.cli;

import dev.tandem.jdbc.Secrets;
import dev.tandem.rules.RuleFileException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code tandem} subcommand: it turns what went wrong into a one-line message on
 * standard error, with passwords masked, and into the exit code {@link TandemCli} documents. Doing
 * it here rather than in an exception handler on the {@code CommandLine} means a bare
 * {@code new CommandLine(new TandemCli()).execute(args)} behaves exactly like {@code main}.
 */
public abstract class TandemCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  /** Does the command's work and returns its exit code. */
  protected abstract int execute() throws Exception;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (CommandFailure e) {
      return fail(e.exitCode(), e.getMessage());
    } catch (RuleFileException e) {
      return fail(TandemCli.USAGE, e.getMessage());
    } catch (SQLException e) {
      return fail(TandemCli.FAILURE, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(TandemCli.FAILURE, "interrupted");
    } catch (Exception e) {
      return fail(TandemCli.FAILURE, e.toString());
    }
  }

  /** Standard output: what the command reports. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error: what went wrong. */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private int fail(int exitCode, String message) {
    err().println("tandem " + spec.name() + ": " + Secrets.maskUrl(message));
    err().flush();
    return exitCode;
  }

  /** The message, SQLState and every chained exception, which is where drivers put the real cause. */
  static String describe(SQLException e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    if (e.getSQLState() != null) {
      text.append(" (SQLState ").append(e.getSQLState()).append(')');
    }
    for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
      text.append("; ").append(next.getMessage());
    }
    return text.toString();
  }
}
