package dev.tandem.cli;

import dev.tandem.jdbc.Secrets;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableRename;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem check}: does the rule file fit the database, and how far along is each move? */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every move of a rule file against a database (a table rename: exactly one of its names is a table,"
          + " or the old one is a view over the new one): both columns exist (the old one may be gone in"
          + " phase contract) and their types; how many rows still lack the new value (to IS NULL AND from IS"
          + " NOT NULL); how many rows disagree (to is not forward(from), NULL-safe).",
      "Exits 1 when a move does not fit: a missing table or column, a transform the database cannot run, rows"
          + " that disagree, or rows lacking the new value while the rules say migrated or contract."
    },
    footer = {"", "Example:", "  tandem check --rules rules.yaml --url 'jdbc:postgresql://db:5432/app?user=ops'"})
public final class CheckCommand extends TandemCommand {
  @Mixin
  RulesOption rules;

  @Mixin
  DatabaseOption database;

  @Option(names = "--require-backfilled",
      description = "Count rows lacking the new value as a problem in phase expand too: ask this before moving a"
          + " rule to migrated.")
  boolean requireBackfilled;

  @Option(names = "--contract-migration",
      description = "Ask before the contract migration (dropping the old columns): with table rules, every move of"
          + " the rule file must be in phase contract in the fleet's newest revision, and every live instance must"
          + " apply it and have renewed its lease since; exits 1 otherwise.")
  boolean contractMigration;

  @Option(names = "--source", paramLabel = "RULE_SOURCE", defaultValue = "table:tandem_rules",
      description = "With --contract-migration, only instances of this rule source count (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "30",
      description = "With --contract-migration, how long to wait for every live instance to renew its lease"
          + " (default: ${DEFAULT-VALUE}).")
  long settleSeconds;

  @Override
  protected int execute() throws Exception {
    RuleSet ruleSet = rules.load();
    try (DatabaseOption.Database db = database.connect()) {
      PrintWriter out = out();
      if (contractMigration) {
        contractMigrationAllowed(db, ruleSet, out);
      }
      out.println("checking " + ruleSet.source() + " against " + db.maskedUrl());
      MoveCheck check = new MoveCheck(db.connection(), db.dialect(), requireBackfilled);
      int misfits = 0;
      for (MoveRule move : ruleSet.moves()) {
        MoveCheck.Report report = check.check(move);
        print(out, report);
        if (!report.fits()) {
          misfits++;
        }
      }
      for (TableRename rename : ruleSet.renames()) {
        RenameCheck.Report report = RenameCheck.check(db.connection(), db.dialect(), rename);
        print(out, report);
        if (!report.fits()) {
          misfits++;
        }
      }
      for (dev.tandem.rules.CrossTableMove move : ruleSet.crossTableMoves()) {
        CrossTableTools.Report report = CrossTableTools.check(db.connection(), db.dialect(), move);
        out.println(move.describe() + " (" + move.table() + "." + move.from() + " -> " + move.toTable() + "."
            + move.to() + " by " + move.key() + " = " + move.toKey() + ", phase " + move.phase().yamlName() + ")");
        if (report.differing() >= 0) {
          out.println("  rows whose copies differ: " + report.differing());
        }
        report.problems().forEach(p -> out.println("  problem: " + p));
        if (!report.fits()) {
          misfits++;
        }
      }
      int total = ruleSet.moves().size() + ruleSet.renames().size() + ruleSet.crossTableMoves().size();
      out.println();
      out.println(misfits == 0 ? "all " + total + " moves fit"
          : misfits + " of " + total + " moves do not fit");
      out.flush();
      return misfits == 0 ? TandemCli.OK : TandemCli.PROBLEMS;
    }
  }

  /**
   * The gate of the contract migration: once the old column is gone, an instance that still writes or reads
   * it directly fails, and one that has not seen contract yet would be the only writer of it. So every move
   * must be in contract in the newest revision, and every live instance must apply that revision and have
   * renewed since (it has then seen that the others switched, and writes the new column alone).
   */
  private void contractMigrationAllowed(DatabaseOption.Database db, RuleSet ruleSet, PrintWriter out)
      throws Exception {
    dev.tandem.fleet.FleetState state = FleetGate.settled(db, source, java.time.Duration.ofSeconds(settleSeconds), out);
    for (MoveRule move : ruleSet.moves()) {
      MoveRule fleetMove = state.newestRules().move(move.name());
      if (fleetMove == null || fleetMove.phase() != dev.tandem.rules.Phase.CONTRACT) {
        throw CommandFailure.doesNotFit("the contract migration of " + move.describe() + " must wait: the fleet's"
            + " revision " + state.newest().revision() + (fleetMove == null ? " has no such move"
                : " has it in phase " + fleetMove.phase().yamlName())
            + "; tandem phase " + move.name() + " contract first, then tandem status --watch");
      }
    }
    for (TableRename rename : ruleSet.renames()) {
      TableRename fleetRename = state.newestRules().rename(rename.name());
      if (fleetRename == null || fleetRename.phase() != dev.tandem.rules.Phase.CONTRACT) {
        throw CommandFailure.doesNotFit("the contract migration of " + rename.describe() + " (dropping the view "
            + rename.table() + ") must wait: the fleet's revision " + state.newest().revision()
            + (fleetRename == null ? " has no such move" : " has it in phase " + fleetRename.phase().yamlName()));
      }
    }
    out.println("the fleet applies revision " + state.newest().revision() + " with every move in contract: the"
        + " contract migration may run");
  }

  private static void print(PrintWriter out, MoveCheck.Report report) {
    MoveRule move = report.move();
    out.println();
    out.println(move.describe() + " (table " + move.table() + ", phase " + move.phase().yamlName()
        + (MoveSql.oneWay(move) ? ", one-way" : "") + (move.split() != null ? ", part of a split" : "") + ")");
    out.println("  from " + move.from() + ": " + orMissing(report.fromType()));
    out.println("  to   " + move.to() + ": " + orMissing(report.toType()));
    if (report.counted()) {
      out.println("  rows: " + report.rows());
      out.println("  rows lacking " + move.to() + ": " + report.lackingTo());
      if (!MoveSql.oneWay(move)) {
        out.println("  rows lacking " + move.from() + " (written through " + move.to() + " only): " + report.lackingFrom());
      }
      out.println("  rows disagreeing: " + report.disagreeing());
    }
    List<String> problems = report.problems();
    if (problems.isEmpty()) {
      out.println("  fits");
    }
    for (String problem : problems) {
      out.println("  PROBLEM: " + Secrets.maskUrl(problem));
    }
  }

  private static void print(PrintWriter out, RenameCheck.Report report) {
    TableRename rename = report.rename();
    out.println();
    out.println(rename.describe() + " (table rename " + rename.table() + " -> " + rename.renameTo() + ", phase "
        + rename.phase().yamlName() + ")");
    out.println("  " + rename.table() + ": " + report.oldName().describe());
    out.println("  " + rename.renameTo() + ": " + report.newName().describe());
    out.println("  nothing to backfill: one table holds every row under either name");
    if (report.fits()) {
      out.println("  fits");
    }
    for (String problem : report.problems()) {
      out.println("  PROBLEM: " + problem);
    }
  }

  private static String orMissing(String type) {
    return type == null ? "missing" : type;
  }
}
