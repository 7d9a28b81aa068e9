package dev.tandem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tandem}, the operator's command line: {@code check}, {@code backfill} and {@code triggers}.
 *
 * <p>Run it from the distribution ({@code tandem-cli-<version>.tar.gz} or {@code .zip}), whose
 * {@code bin/tandem} puts every jar of its {@code lib/} on the class path: the driver, these tools,
 * picocli, H2 for the demo, and the PostgreSQL and MariaDB drivers:
 * <pre>{@code
 * tandem-cli-<version>/bin/tandem check --rules rules.yaml --url 'jdbc:postgresql://db:5432/app?user=ops'
 * }</pre>
 */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    versionProvider = TandemCli.Version.class,
    subcommands = {CheckCommand.class, BackfillCommand.class, TriggersCommand.class, ExplainCommand.class,
      DemoCommand.class, FleetCommand.class, FleetCommand.Status.class,
      FleetCommand.SetPhase.class},
    description = {
      "Operator tools for Tandem column moves: check that a rule file fits a database, backfill the new"
          + " column, print triggers that keep both columns in step for writers that bypass Tandem, explain what"
          + " Tandem does to a statement, and a demo on embedded H2.",
      "",
      "The tools connect with the vendor's JDBC driver: the distribution's lib/ holds PostgreSQL's and"
          + " MariaDB's; put another vendor's jar there too. A jdbc:tandem: URL is accepted; its tandem. settings are"
          + " ignored and the tools talk to the database directly, never through Tandem's rewriting."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; check: every move fits the database",
      "1:check found problems, or the rules do not fit the database (a missing column, no primary key)",
      "2:usage error: bad options, or a rule file that does not load",
      "3:runtime error: the database cannot be reached, or a statement failed"
    })
public final class TandemCli implements Runnable {
  /** Exit code: done, and everything fits. */
  public static final int OK = 0;
  /** Exit code: a check found problems, or the rules do not fit the database. */
  public static final int PROBLEMS = 1;
  /** Exit code: bad options, or a rule file that does not load. */
  public static final int USAGE = 2;
  /** Exit code: the database cannot be reached, or a statement failed. */
  public static final int FAILURE = 3;

  @Spec
  private CommandSpec spec;

  /** Runs the tool and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TandemCli()).execute(args));
  }

  /** {@code tandem} without a subcommand: says which there are, and fails as a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: check, backfill or triggers");
  }

  /** The version from the jar's manifest, or a note that this is a build from source. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = TandemCli.class.getPackage().getImplementationVersion();
      return new String[] {"tandem " + (version == null ? "(development build)" : version)};
    }
  }
}
