package dev.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code tandem} in-process, as {@code main} would, and captures what it prints. */
final class Cli {
  /**
   * One run.
   *
   * @param exitCode what {@code main} would exit with
   * @param out standard output
   * @param err standard error
   */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new TandemCli());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** An annotated rule file from {@code rules-examples/}. */
  static String example(String name) {
    String folder = System.getProperty("tandem.rulesExamples");
    if (folder == null) {
      throw new IllegalStateException("system property tandem.rulesExamples is set by surefire");
    }
    return Path.of(folder, name).toString();
  }
}
