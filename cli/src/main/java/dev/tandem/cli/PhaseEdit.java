package dev.tandem.cli;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableRename;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule document with one move's {@code phase:} changed and everything else, comments included, kept as
 * it was: the next revision {@code tandem phase} publishes. The edit is checked by loading the result: it
 * must hold the same moves with only that one phase changed, or nothing is published.
 */
final class PhaseEdit {
  private static final Pattern PHASE = Pattern.compile(
      "^(\\s*(?:-\\s+)?phase\\s*:\\s*)([\"']?)(expand|migrated|contract)\\2(\\s*(?:#.*)?)$");

  private PhaseEdit() {}

  /**
   * @param document the newest revision's text
   * @param rules that text, loaded
   * @throws CommandFailure when the move's {@code phase:} line cannot be found (flow-style YAML, say)
   */
  static String withPhase(String document, RuleSet rules, MoveRule move, Phase target) throws RuleFileException {
    return edit(document, rules, move.name(), move.line(), move.describe(), target);
  }

  /** The same for a table rename. */
  static String withPhase(String document, RuleSet rules, TableRename rename, Phase target) throws RuleFileException {
    return edit(document, rules, rename.name(), rename.line(), rename.describe(), target);
  }

  private static String edit(String document, RuleSet rules, String name, int line, String described, Phase target)
      throws RuleFileException {
    String[] lines = document.split("\n", -1);
    int end = lines.length;
    for (MoveRule other : rules.moves()) {
      if (other.line() > line && other.line() - 1 < end) {
        end = other.line() - 1;
      }
    }
    for (TableRename other : rules.renames()) {
      if (other.line() > line && other.line() - 1 < end) {
        end = other.line() - 1;
      }
    }
    for (dev.tandem.rules.CrossTableMove other : rules.crossTableMoves()) {
      if (other.line() > line && other.line() - 1 < end) {
        end = other.line() - 1;
      }
    }
    for (int i = Math.max(0, line - 1); i < end; i++) {
      Matcher m = PHASE.matcher(lines[i]);
      if (m.matches()) {
        lines[i] = m.group(1) + m.group(2) + target.yamlName() + m.group(2) + m.group(4);
        String edited = String.join("\n", lines);
        check(rules, RuleFileLoader.parse(edited, "the next revision"), name, described, target);
        return edited;
      }
    }
    throw CommandFailure.usage("cannot find the phase: line of " + described + " in the newest revision"
        + " (lines " + line + " to " + end + "); publish the next revision with tandem fleet publish");
  }

  /** Whether {@code after} is {@code before} with the phase of the move or rename {@code name} set to {@code target}. */
  private static void check(RuleSet before, RuleSet after, String name, String described, Phase target) {
    List<MoveRule> old = before.moves();
    List<MoveRule> next = after.moves();
    List<TableRename> oldRenames = before.renames();
    List<TableRename> nextRenames = after.renames();
    boolean same = old.size() == next.size() && oldRenames.size() == nextRenames.size()
        && before.crossTableMoves().equals(after.crossTableMoves());
    for (int i = 0; same && i < old.size(); i++) {
      Phase expected = old.get(i).name().equals(name) ? target : old.get(i).phase();
      same = next.get(i).sameDefinition(old.get(i)) && next.get(i).phase() == expected;
    }
    for (int i = 0; same && i < oldRenames.size(); i++) {
      Phase expected = oldRenames.get(i).name().equals(name) ? target : oldRenames.get(i).phase();
      same = nextRenames.get(i).sameDefinition(oldRenames.get(i)) && nextRenames.get(i).phase() == expected;
    }
    if (!same) {
      throw new IllegalStateException("editing the phase of " + described + " changed more than its phase");
    }
  }
}
