package dev.tandem.cli;

import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.fleet.FleetTables;
import dev.tandem.fleet.FleetView;
import dev.tandem.fleet.InstanceRecord;
import dev.tandem.fleet.RuleRevision;
import dev.tandem.rules.RuleFileLoader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem fleet}: the tables a fleet shares in the application's database, the rule revisions
 * published there, and which instances apply which revision.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    subcommands = {FleetCommand.Init.class, FleetCommand.Publish.class, FleetCommand.Status.class},
    description = {
      "Fleet tables in the application's database: tandem_rules (every published rule revision, whole) and"
          + " tandem_instances (each Tandem instance, the revision it applies, and its lease on the database's clock)."
    })
public final class FleetCommand implements Runnable {
  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a fleet command: init, publish or status");
  }

  /** {@code tandem fleet init}: prints or creates the two tables. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Creates tandem_rules and tandem_instances where they do not exist (or prints the DDL with --print).")
  static final class Init extends TandemCommand {
    @Mixin
    DatabaseOption database;

    @Option(names = "--print", description = "Print the DDL instead of running it (to hand it to a migration tool).")
    boolean print;

    @Override
    protected int execute() throws Exception {
      try (DatabaseOption.Database db = database.connect()) {
        PrintWriter out = out();
        if (print) {
          for (String sql : FleetTables.ddl(db.dialect())) {
            out.println(sql + ";");
          }
        } else {
          FleetTables.create(db.connection(), db.dialect());
          out.println("fleet tables " + FleetTables.RULES + " and " + FleetTables.INSTANCES + " are in place in "
              + db.maskedUrl());
        }
        out.flush();
        return TandemCli.OK;
      }
    }
  }

  /** {@code tandem fleet publish}: stores a rule file as the next revision. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Validates a rule file and stores it in tandem_rules as the next revision.")
  static final class Publish extends TandemCommand {
    @Mixin
    DatabaseOption database;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The rule file (a path) to publish.")
    String rules;

    @Option(names = "--by", paramLabel = "NAME", description = "Who publishes it, for the record (default: $USER).")
    String by;

    @Override
    protected int execute() throws Exception {
      RuleFileLoader.load(rules); // errors name the file and line; publish validates the text again
      String document = Files.readString(Path.of(rules), StandardCharsets.UTF_8);
      try (DatabaseOption.Database db = database.connect()) {
        RuleRevision published = new DatabaseRuleStore(db.connection(), db.dialect())
            .publish(document, by != null ? by : System.getProperty("user.name"));
        out().println("published " + rules + " as revision " + published.revision());
        out().flush();
        return TandemCli.OK;
      }
    }
  }

  /** {@code tandem fleet status}: the instances, and whether the fleet applies the newest revision. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Lists every registered instance (host, process, application version, the revision it applies,"
          + " its lease) and says whether every live instance applies the newest published revision.",
        "Exits 1 while some live instance applies another revision."})
  static final class Status extends TandemCommand {
    @Mixin
    DatabaseOption database;

    @Override
    protected int execute() throws Exception {
      try (DatabaseOption.Database db = database.connect()) {
        PrintWriter out = out();
        RuleRevision latest = new DatabaseRuleStore(db.connection(), db.dialect()).latest();
        out.println("newest revision: " + (latest == null ? "none published"
            : latest.revision() + " (" + latest.createdAt() + ", by " + latest.createdBy() + ")"));
        List<InstanceRecord> instances = new FleetView(db.connection(), db.dialect()).instances();
        int lagging = 0;
        int live = 0;
        for (InstanceRecord i : instances) {
          boolean behind = i.live() && latest != null && !latest.label().equals(i.revision());
          live += i.live() ? 1 : 0;
          lagging += behind ? 1 : 0;
          out.println((i.live() ? "live   " : "lapsed ") + i.instanceId() + "  " + i.host() + " pid " + i.pid()
              + "  version " + i.appVersion() + "  source " + i.ruleSource() + "  revision " + i.revision()
              + "  heartbeat " + i.heartbeatAt() + "  lease until " + i.leaseUntil() + (behind ? "  BEHIND" : ""));
        }
        out.println(live + " live of " + instances.size() + " registered; "
            + (lagging == 0 ? "every live instance applies the newest revision"
                : lagging + " live instance(s) apply another revision"));
        out.flush();
        return lagging == 0 ? TandemCli.OK : TandemCli.PROBLEMS;
      }
    }
  }
}
