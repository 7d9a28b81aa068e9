package dev.tandem.cli;

import dev.tandem.fleet.FleetState;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableRename;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem backfill}: fills the new column from the old (or back) in short batches. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Fills a move's new column from the old one, to = forward(from) where to IS NULL AND from IS NOT NULL"
          + " (or, backward, from = backward(to) where to is set and from is NULL or stale), in primary key order, one"
          + " short transaction per batch.",
      "Safe while the application runs: only rows that still lack the value are touched. Killed, it loses at"
          + " most the batch in flight; run it again and it carries on. Rows that writers bypassing Tandem leave"
          + " lacking meanwhile are picked up by further passes (at most " + Backfill.MAX_PASSES + ").",
      "A table without a primary key is refused. On a terminal it shows a progress bar, elsewhere a line every"
          + " few seconds."
    },
    footer = {"", "Example:", "  tandem backfill --rules rules.yaml --url 'jdbc:postgresql://db:5432/app?user=ops'"
        + " --move customer.email->email_address --batch-size 5000 --pause 50"})
public final class BackfillCommand extends TandemCommand {
  @Mixin
  RulesOption rules;

  @Mixin
  DatabaseOption database;

  @Option(names = "--move", paramLabel = "NAME",
      description = "Backfill only this move (by its name in the rule file; repeatable). Default: every move.")
  List<String> moves = new ArrayList<>();

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + Backfill.DEFAULT_BATCH_SIZE,
      description = "Rows per batch, and per transaction (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--pause", paramLabel = "MS", defaultValue = "0",
      description = "Milliseconds to wait between batches, to leave the database room (default: ${DEFAULT-VALUE}).")
  long pauseMillis;

  @Option(names = "--direction", paramLabel = "DIRECTION", defaultValue = "forward",
      converter = DirectionConverter.class,
      description = "forward fills the new column (default); backward fills the old one from the new, before going"
          + " back from contract to migrated. One-way moves cannot go backward.")
  BackfillDirection direction;

  @Option(names = "--fleet", description = "The database is a fleet's (tandem_rules, tandem_instances): refuse unless"
      + " every live instance applies the newest revision and has renewed its lease since, and that revision allows"
      + " the backfill (forward: the move in expand or migrated; backward: the move just taken back from contract).")
  boolean fleet;

  @Option(names = "--source", paramLabel = "RULE_SOURCE",
      description = "With --fleet, only instances of this rule source count.")
  String source;

  @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "30",
      description = "With --fleet, how long to wait for every live instance to renew its lease (default: ${DEFAULT-VALUE}).")
  long settleSeconds;

  @Override
  protected int execute() throws Exception {
    if (batchSize < 1) {
      throw CommandFailure.usage("--batch-size must be at least 1, not " + batchSize);
    }
    if (pauseMillis < 0) {
      throw CommandFailure.usage("--pause must not be negative");
    }
    RuleSet ruleSet = rules.load();
    List<Backfill> backfills = new ArrayList<>();
    // Every move is vetted before the first row is touched, so a bad --move or a one-way move
    // fails the run as a whole rather than halfway.
    List<MoveRule> selected = RulesOption.select(ruleSet, moves);
    for (MoveRule move : selected) {
      backfills.add(Backfill.of(move, direction).batchSize(batchSize).pause(Duration.ofMillis(pauseMillis))
          .listener(ProgressReporter.on(out(), System.console() != null)));
    }
    for (TableRename rename : RulesOption.selectRenames(ruleSet, moves)) {
      out().println(rename.describe() + " is a table rename: nothing to backfill (one table holds every row under"
          + " either name)");
    }
    long stillLacking = 0;
    try (DatabaseOption.Database db = database.connect()) {
      if (fleet) {
        FleetState state = FleetGate.settled(db, source, Duration.ofSeconds(settleSeconds), out());
        for (MoveRule move : selected) {
          FleetGate.allowsBackfill(state, move, direction);
        }
      }
      out().println("backfilling from " + ruleSet.source() + " on " + db.maskedUrl());
      for (Backfill backfill : backfills) {
        stillLacking += backfill.run(db.connection(), db.dialect()).stillLacking();
      }
      for (dev.tandem.rules.CrossTableMove move : RulesOption.selectCrossTable(ruleSet, moves)) {
        if (direction != BackfillDirection.FORWARD) {
          throw CommandFailure.usage(move.describe() + " moves a column to another table: only the forward "
              + "backfill (old column to the other table) is supported yet");
        }
        long copied = CrossTableTools.backfill(db.connection(), db.dialect(), move, batchSize);
        out().println(move.describe() + ": " + copied + " rows of " + move.table() + " copied to " + move.toTable());
      }
    }
    if (stillLacking > 0) {
      err().println("tandem backfill: " + stillLacking + " rows still lack the value after " + Backfill.MAX_PASSES
          + " passes: something keeps writing only the other column. Find that writer (or install the triggers"
          + " that tandem triggers prints), then run the backfill again.");
      return TandemCli.PROBLEMS;
    }
    return TandemCli.OK;
  }

  /** Reads {@code forward} or {@code backward}, in any case. */
  static final class DirectionConverter implements picocli.CommandLine.ITypeConverter<BackfillDirection> {
    @Override
    public BackfillDirection convert(String value) {
      for (BackfillDirection d : BackfillDirection.values()) {
        if (d.name().equalsIgnoreCase(value.trim())) {
          return d;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected forward or backward, not '" + value + "'");
    }
  }
}
