package dev.tandem.cli;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --rules FILE}: the rule file every command works from. */
public final class RulesOption {
  @Option(names = "--rules", required = true, paramLabel = "FILE",
      description = "The rule file (a path, or classpath:resource), as the application's tandem.rules names it.")
  String location;

  /** Loads and validates the rule file. */
  public RuleSet load() throws RuleFileException {
    RuleSet rules = RuleFileLoader.load(location);
    if (rules.isEmpty()) {
      throw CommandFailure.usage(rules.source() + " holds no moves");
    }
    return rules;
  }

  /**
   * The moves named in {@code names}, in the order given (a split's name gives every one of its pieces);
   * every move when {@code names} is empty.
   *
   * @throws CommandFailure naming an unknown move and listing the known ones
   */
  public static List<MoveRule> select(RuleSet rules, List<String> names) {
    if (names == null || names.isEmpty()) {
      return rules.moves();
    }
    List<MoveRule> selected = new ArrayList<>();
    for (String name : names) {
      if (rules.rename(name) != null || rules.crossTableMove(name) != null) {
        continue; // a table rename or a move to another table: the commands say what it needs (select*)
      }
      // Every piece of a split shares the split's name: a command on the split works on all of them.
      List<MoveRule> named = rules.moves().stream().filter(m -> m.name().equals(name)).toList();
      if (named.isEmpty()) {
        throw CommandFailure.usage("no move named '" + name + "' in " + rules.source() + "; its moves are "
            + rules.moves().stream().map(MoveRule::name).distinct().collect(Collectors.joining(", ")));
      }
      selected.addAll(named);
    }
    return selected;
  }

  /** The moves to other tables named in {@code names} (which may name other moves too); all when it is empty. */
  public static List<dev.tandem.rules.CrossTableMove> selectCrossTable(RuleSet rules, List<String> names) {
    if (names == null || names.isEmpty()) {
      return rules.crossTableMoves();
    }
    return rules.crossTableMoves().stream().filter(m -> names.contains(m.name())).toList();
  }

  /** The table renames named in {@code names} (which may name column moves too); every rename when it is empty. */
  public static List<TableRename> selectRenames(RuleSet rules, List<String> names) {
    if (names == null || names.isEmpty()) {
      return rules.renames();
    }
    return rules.renames().stream().filter(r -> names.contains(r.name())).toList();
  }
}
