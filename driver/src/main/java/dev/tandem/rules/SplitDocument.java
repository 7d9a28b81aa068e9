package dev.tandem.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a column split from a rule file (behaviour §12): a move whose {@code to} is a list.
 *
 * <pre>
 * - name: customer-name-split
 *   table: customer
 *   from: name
 *   to: [first_name, last_name]
 *   forward: ["split_part({from}, ' ', 1)", "split_part({from}, ' ', 2)"]
 *   backward: "{first_name} || ' ' || {last_name}"     # or null: one-way
 *   phase: expand
 * </pre>
 *
 * Checked here: at least two targets, none repeated and none the same as {@code from}; one forward per
 * target, each a transform of {@code {from}} ({@link TransformCheck}); {@code backward} given (an
 * expression, or {@code null}), using only the targets' placeholders, at least one of them, and one SQL
 * expression once they are filled in. Conflicts with the other moves of the file are
 * {@link MoveConflicts}' (a split's pieces are moves on its columns).
 */
final class SplitDocument {
  private static final List<String> KEYS = List.of("name", "table", "from", "to", "forward", "backward", "phase");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private final RuleDocument document;

  SplitDocument(RuleDocument document) {
    this.document = document;
  }

  /** Whether {@code move} is a split: a mapping whose {@code to} is a list. */
  static boolean isSplit(Node move) {
    if (!(move instanceof MappingNode mapping)) {
      return false;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("to")
          && tuple.getValueNode() instanceof SequenceNode) {
        return true;
      }
    }
    return false;
  }

  SplitRule read(MappingNode move, int index) throws RuleFileException {
    String label = RuleDocument.label(move, index);
    Map<String, NodeTuple> keys = document.keys(move, "in split " + label, KEYS);
    for (String key : List.of("table", "from", "forward", "backward", "phase")) {
      if (!keys.containsKey(key)) {
        throw document.error(move, "split " + label + " has no '" + key + "'; a split names its table, from, to (a "
            + "list), forward (one expression per target), backward (an expression, or null) and phase");
      }
    }
    TableName table = document.tableName(document.text(keys.get("table"), "table", label),
        keys.get("table").getValueNode(), label);
    Identifier from = document.columnName(document.text(keys.get("from"), "from", label),
        keys.get("from").getValueNode(), "from", label);
    List<Identifier> targets = targets(keys.get("to"), from, label);
    List<Transform> forwards = forwards(keys.get("forward"), targets.size(), label);
    String backward = backward(keys.get("backward"), targets, label);
    Phase phase = document.phase(keys, move, label);
    NodeTuple nameKey = keys.get("name");
    String name = nameKey == null ? SplitRule.defaultName(table, from, targets)
        : document.text(nameKey, "name", label);
    return new SplitRule(name, table, from, targets, forwards, backward, phase, move.getStartMark().getLine() + 1);
  }

  private List<Identifier> targets(NodeTuple to, Identifier from, String label) throws RuleFileException {
    List<Node> items = ((SequenceNode) to.getValueNode()).getValue();
    if (items.size() < 2) {
      throw document.error(to.getValueNode(), "'to' of split " + label + " lists " + items.size()
          + " column(s); a split has at least two targets (a move to one column is written to: column)");
    }
    List<Identifier> targets = new ArrayList<>();
    for (Node item : items) {
      Identifier target = document.columnName(scalar(item, "to", label), item, "to", label);
      if (target.mayBeSameAs(from)) {
        throw document.error(item, "split " + label + " splits column " + from + " onto itself; 'to' must name"
            + " other columns");
      }
      for (Identifier earlier : targets) {
        if (earlier.mayBeSameAs(target)) {
          throw document.error(item, "split " + label + " lists target " + target + " twice");
        }
      }
      targets.add(target);
    }
    return targets;
  }

  private List<Transform> forwards(NodeTuple forward, int count, String label) throws RuleFileException {
    if (!(forward.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().size() != count) {
      throw document.error(forward.getValueNode(), "'forward' of split " + label + " must be a list of " + count
          + " expressions, one per target in the order of 'to', each using {from}");
    }
    List<Transform> forwards = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      forwards.add(document.checked(Transform.forward(scalar(item, "forward", label)), new NodeTuple(
          forward.getKeyNode(), item), "forward", label));
    }
    return forwards;
  }

  /** The backward template re-printed from its tokens, or {@code null} for a one-way split. */
  private String backward(NodeTuple backward, List<Identifier> targets, String label) throws RuleFileException {
    Node value = backward.getValueNode();
    if (value.getTag().equals(Tag.NULL)) {
      return null;
    }
    String template = document.text(backward, "backward", label);
    String where = "'backward' of split " + label + " ";
    String reprinted;
    try {
      reprinted = TransformTokens.reprint(template);
    } catch (TransformTokens.Problem problem) {
      throw document.error(value, where + problem.getMessage());
    }
    Matcher placeholders = PLACEHOLDER.matcher(reprinted);
    while (placeholders.find()) {
      if (targets.stream().noneMatch(t -> SplitRule.placeholder(t).equals(placeholders.group()))) {
        throw document.error(value, where + "uses the unknown placeholder " + placeholders.group()
            + "; it computes " + "the old value from the targets, written " + placeholdersOf(targets));
      }
    }
    String asMove = reprinted;
    boolean used = false;
    for (Identifier target : targets) {
      used |= asMove.contains(SplitRule.placeholder(target));
      asMove = asMove.replace(SplitRule.placeholder(target), "{to}");
    }
    if (!used) {
      throw document.error(value, where + "uses none of " + placeholdersOf(targets)
          + "; it computes the old value from the targets");
    }
    String problem = TransformCheck.problem(Transform.backward(asMove));
    if (problem != null) {
      throw document.error(value, where + problem.replace("{to}", "a target"));
    }
    return reprinted;
  }

  private static String placeholdersOf(List<Identifier> targets) {
    List<String> names = new ArrayList<>();
    targets.forEach(t -> names.add(SplitRule.placeholder(t)));
    return String.join(", ", names);
  }

  private String scalar(Node item, String key, String label) throws RuleFileException {
    if (!(item instanceof ScalarNode) || !item.getTag().equals(Tag.STR) || ((ScalarNode) item).getValue().isBlank()) {
      throw document.error(item, "'" + key + "' of split " + label + " lists " + RuleDocument.kind(item)
          + "; each entry is text");
    }
    return ((ScalarNode) item).getValue().trim();
  }
}
