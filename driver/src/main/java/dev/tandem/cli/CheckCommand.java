package dev.tandem.cli;

import dev.tandem.jdbc.Secrets;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
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
      "Checks every move of a rule file against a database: both columns exist (the old one may be gone in"
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

  @Override
  protected int execute() throws Exception {
    RuleSet ruleSet = rules.load();
    try (DatabaseOption.Database db = database.connect()) {
      PrintWriter out = out();
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
      int total = ruleSet.moves().size();
      out.println();
      out.println(misfits == 0 ? "all " + total + " moves fit"
          : misfits + " of " + total + " moves do not fit");
      out.flush();
      return misfits == 0 ? TandemCli.OK : TandemCli.PROBLEMS;
    }
  }

  private static void print(PrintWriter out, MoveCheck.Report report) {
    MoveRule move = report.move();
    out.println();
    out.println(move.describe() + " (table " + move.table() + ", phase " + move.phase().yamlName()
        + (move.oneWay() ? ", one-way" : "") + ")");
    out.println("  from " + move.from() + ": " + orMissing(report.fromType()));
    out.println("  to   " + move.to() + ": " + orMissing(report.toType()));
    if (report.counted()) {
      out.println("  rows: " + report.rows());
      out.println("  rows lacking " + move.to() + ": " + report.lackingTo());
      if (!move.oneWay()) {
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

  private static String orMissing(String type) {
    return type == null ? "missing" : type;
  }
}
