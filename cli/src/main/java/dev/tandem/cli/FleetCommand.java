package dev.tandem.cli;

import dev.tandem.fleet.DatabaseRuleStore;
import dev.tandem.fleet.FleetPhases;
import dev.tandem.fleet.FleetState;
import dev.tandem.fleet.FleetTables;
import dev.tandem.fleet.InstanceRecord;
import dev.tandem.fleet.RuleRevision;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.TableRename;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem fleet}: the tables a fleet shares in the application's database, the rule revisions
 * published there, and which instances apply which revision.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    subcommands = {FleetCommand.Init.class, FleetCommand.Publish.class, FleetCommand.Status.class,
      FleetCommand.SetPhase.class},
    description = {
      "Fleet tables in the application's database: tandem_rules (every published rule revision, whole) and"
          + " tandem_instances (each Tandem instance, the revision it applies, and its lease on the database's clock)."
    })
public final class FleetCommand implements Runnable {
  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a fleet command: init, publish, status or phase");
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

  /**
   * {@code tandem status} (also {@code tandem fleet status}): the instances, their versions, revisions and
   * lease ages, whether the fleet applies the newest revision, and what each move of it waits for.
   */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Lists every registered instance (host, process, application version, the revision it applies,"
          + " how long ago it renewed its lease) and what each move of the newest revision waits for (every live"
          + " instance to apply it, the backward backfill).",
        "Exits 0 when every live instance applies the newest revision, 1 while some live instance applies another."
          + " With --watch it prints the fleet every --interval seconds until it has converged."})
  static final class Status extends TandemCommand {
    @Mixin
    DatabaseOption database;

    @Option(names = "--source", paramLabel = "RULE_SOURCE",
        description = "Only instances of this rule source (as tandem_instances.rule_source holds it). Default: all.")
    String source;

    @Option(names = "--watch", description = "Repeat until every live instance applies the newest revision.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
        description = "Seconds between readings with --watch (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
        description = "With --watch, give up (exit 1) after this many seconds; 0 waits for ever (default).")
    double timeout;

    @Override
    protected int execute() throws Exception {
      long deadline = System.nanoTime() + (long) (timeout * 1e9);
      try (DatabaseOption.Database db = database.connect()) {
        while (true) {
          FleetState state = FleetState.read(db.connection(), db.dialect(), source);
          print(state, out());
          out().flush();
          boolean converged = state.lagging().isEmpty();
          if (converged || !watch || timeout > 0 && System.nanoTime() - deadline > 0) {
            return converged ? TandemCli.OK : TandemCli.PROBLEMS;
          }
          Thread.sleep((long) (interval * 1000));
          out().println();
        }
      }
    }

    static void print(FleetState state, PrintWriter out) {
      RuleRevision newest = state.newest();
      out.println("newest revision: " + (newest == null ? "none published"
          : newest.revision() + " (" + newest.createdAt() + ", by " + newest.createdBy() + ")"));
      out.println("instances: " + state.live().size() + " live of " + state.instances().size() + " registered");
      for (InstanceRecord i : state.instances()) {
        boolean behind = state.lagging().contains(i);
        Duration age = state.leaseAge(i);
        out.println("  " + (i.live() ? "live   " : "lapsed ") + i.instanceId() + "  " + i.host() + " pid " + i.pid()
            + "  version " + i.appVersion() + "  source " + i.ruleSource() + "  revision " + i.revision()
            + "  lease age " + (age == null ? "-" : String.format(Locale.ROOT, "%.1f s", age.toMillis() / 1000.0))
            + (behind ? "  BEHIND" : ""));
      }
      if (newest != null) {
        out.println("moves in revision " + newest.revision() + ":");
        for (FleetPhases.Decision d : state.decisions()) {
          MoveRule m = d.move();
          out.println("  " + m.name() + "  " + m.phase().yamlName() + "  served " + m.serving().describe()
              + "  waits for " + (d.waitsFor() == null ? "nothing" : d.waitsFor()));
        }
      }
      int lagging = state.lagging().size();
      out.println(lagging == 0 ? "every live instance applies the newest revision"
          : lagging + " live instance(s) apply another revision");
    }
  }

  /**
   * {@code tandem phase MOVE PHASE}: publishes the next revision with one move's phase changed, once the
   * fleet and the data allow it.
   */
  @Command(name = "phase", mixinStandardHelpOptions = true,
      description = {"Publishes the next rule revision to tandem_rules with MOVE in PHASE (expand, migrated or"
          + " contract), the rest of the newest revision unchanged, comments included.",
        "Refused (exit 1) while the fleet has not converged on the newest revision (every live instance applies it"
          + " and has renewed its lease since), and when the data does not allow the step: migrated needs every row"
          + " backfilled (tandem backfill), contract needs every row's new value in place, and the revision after a"
          + " rollback from contract needs the backward backfill. Phases are walked one step at a time:"
          + " expand <-> migrated <-> contract. --force skips these checks."})
  static final class SetPhase extends TandemCommand {
    @Mixin
    DatabaseOption database;

    @Parameters(index = "0", paramLabel = "MOVE", description = "The move, by its name in the rules.")
    String moveName;

    @Parameters(index = "1", paramLabel = "PHASE", description = "expand, migrated or contract.")
    String phaseName;

    @Option(names = "--force", description = "Publish although the fleet has not converged or the data does not allow"
        + " the step. Reads may then return stale values: only for an operator who knows why the checks fail.")
    boolean force;

    @Option(names = "--source", paramLabel = "RULE_SOURCE",
        description = "Only instances of this rule source count (as tandem_instances.rule_source holds it).")
    String source;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "30",
        description = "How long to wait for every live instance to renew its lease once the fleet has converged"
            + " (default: ${DEFAULT-VALUE}).")
    long settleSeconds;

    @Option(names = "--by", paramLabel = "NAME", description = "Who publishes it, for the record (default: $USER).")
    String by;

    @Override
    protected int execute() throws Exception {
      Phase target = Phase.fromYaml(phaseName);
      if (target == null) {
        throw CommandFailure.usage("no phase '" + phaseName + "'; phases are expand, migrated and contract");
      }
      try (DatabaseOption.Database db = database.connect()) {
        FleetState state = FleetState.read(db.connection(), db.dialect(), source);
        FleetGate.requirePublished(state);
        TableRename rename = state.newestRules().rename(moveName);
        if (rename != null) {
          return renamePhase(db, state, rename, target);
        }
        dev.tandem.rules.CrossTableMove elsewhere = state.newestRules().crossTableMove(moveName);
        if (elsewhere != null) {
          throw CommandFailure.usage(elsewhere.describe() + " moves a column to"
              + " another table: tandem phase does not walk it yet; check it (tandem check --url …), edit its phase"
              + " in the rule file and publish that (tandem fleet publish)");
        }
        // A split is one move per target, all with the split's name and phase: the data must allow each.
        List<MoveRule> pieces = RulesOption.select(state.newestRules(), List.of(moveName));
        MoveRule move = pieces.get(0);
        boolean confirm = target == Phase.MIGRATED && FleetGate.rollingBack(state, move);
        String step = move.phase().yamlName() + " -> " + target.yamlName() + (confirm ? " (after the rollback)" : "");
        if (!force) {
          allowedStep(move, target, confirm, state);
          FleetGate.settled(db, source, Duration.ofSeconds(settleSeconds), out());
          for (MoveRule piece : pieces) {
            dataAllows(db, piece, target, confirm);
          }
        } else {
          err().println("tandem phase: --force: publishing " + move.describe() + " " + step
              + " without checking the fleet or the data");
        }
        publish(db, PhaseEdit.withPhase(state.newest().document(), state.newestRules(), move, target),
            move.describe() + " " + step, next(move, target, confirm));
        return TandemCli.OK;
      }
    }

    /**
     * A table rename has two phases. {@code contract} needs the rename migration to have run (the new
     * name the table, the old one absent or a view); going back to {@code expand} is always allowed,
     * since expand redirects either way. Neither step narrows what an instance reads or writes (one table
     * holds every row under either name), but the fleet must have converged, as for every publication.
     */
    private int renamePhase(DatabaseOption.Database db, FleetState state, TableRename rename, Phase target)
        throws Exception {
      if (target == Phase.MIGRATED) {
        throw CommandFailure.usage(rename.describe() + " is a table rename: its phases are expand and contract"
            + " (there is nothing to backfill)");
      }
      if (rename.phase() == target) {
        throw CommandFailure.usage(rename.describe() + " is in phase " + target.yamlName() + " already");
      }
      String step = rename.phase().yamlName() + " -> " + target.yamlName();
      if (!force) {
        FleetGate.settled(db, source, Duration.ofSeconds(settleSeconds), out());
        RenameCheck.Report report = RenameCheck.check(db.connection(), db.dialect(), rename.withPhase(target));
        if (!report.fits()) {
          throw CommandFailure.doesNotFit("the schema does not allow " + rename.describe() + " to reach "
              + target.yamlName() + ": " + String.join("; ", report.problems()));
        }
      } else {
        err().println("tandem phase: --force: publishing " + rename.describe() + " " + step
            + " without checking the fleet or the schema");
      }
      publish(db, PhaseEdit.withPhase(state.newest().document(), state.newestRules(), rename, target),
          rename.describe() + " " + step, target == Phase.CONTRACT
              ? "wait for the fleet to apply it: tandem status --watch; then tandem check --contract-migration"
                  + " before dropping the compatibility view"
              : "wait for the fleet to apply it: tandem status --watch");
      return TandemCli.OK;
    }

    /** Publishes {@code document} as the next revision and says what was published and what comes next. */
    private void publish(DatabaseOption.Database db, String document, String what, String next) throws Exception {
      RuleRevision published = new DatabaseRuleStore(db.connection(), db.dialect())
          .publish(document, by != null ? by : System.getProperty("user.name"));
      out().println("published revision " + published.revision() + ": " + what);
      out().println(next);
      out().flush();
    }

    private static void allowedStep(MoveRule move, Phase target, boolean confirm, FleetState state) {
      Phase from = move.phase();
      if (FleetGate.rollingBack(state, move) && !confirm) {
        throw CommandFailure.doesNotFit(move.describe() + " is going back from contract: run tandem backfill"
            + " --direction backward --fleet, then tandem phase " + move.name() + " migrated, before another step");
      }
      if (from == target && !confirm) {
        throw CommandFailure.usage(move.describe() + " is in phase " + from.yamlName() + " already");
      }
      if (Math.abs(from.ordinal() - target.ordinal()) > 1) {
        throw CommandFailure.doesNotFit(move.describe() + " cannot go from " + from.yamlName() + " to "
            + target.yamlName() + " in one step: the fleet would mix phases no statement can serve; go through"
            + " migrated");
      }
      if (from == Phase.CONTRACT && MoveSql.oneWay(move)) {
        throw CommandFailure.doesNotFit(move.describe() + " is one-way (backward: null): " + move.from()
            + " cannot be computed back from " + move.to() + ", so it cannot leave contract");
      }
    }

    private static void dataAllows(DatabaseOption.Database db, MoveRule move, Phase target, boolean confirm)
        throws java.sql.SQLException {
      if (target == Phase.EXPAND || target == Phase.MIGRATED && !confirm && move.phase() == Phase.CONTRACT) {
        return; // going back: nothing is read directly that was not before; the backward backfill comes after
      }
      MoveCheck.Report report = new MoveCheck(db.connection(), db.dialect(), true).check(move);
      List<String> problems = new ArrayList<>(report.problems());
      if (confirm && report.lackingFrom() > 0) {
        problems.add(report.lackingFrom() + " rows still lack " + move.from() + "; run tandem backfill --direction"
            + " backward --fleet first");
      }
      if (!problems.isEmpty()) {
        throw CommandFailure.doesNotFit("the data does not allow " + move.describe() + " to reach "
            + target.yamlName() + ": " + String.join("; ", problems));
      }
    }

    private static String next(MoveRule move, Phase target, boolean confirm) {
      String wait = "wait for the fleet to apply it: tandem status --watch";
      if (target == Phase.EXPAND) {
        return wait + "; then tandem backfill --fleet --move " + move.name();
      }
      if (target == Phase.MIGRATED && move.phase() == Phase.CONTRACT) {
        return wait + "; then tandem backfill --fleet --direction backward --move " + move.name()
            + ", then tandem phase " + move.name() + " migrated";
      }
      return wait;
    }
  }
}
