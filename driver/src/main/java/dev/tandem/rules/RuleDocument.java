package dev.tandem.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks the YAML node tree of one rule file and turns it into moves, checking one move at a time.
 *
 * <ul>
 *   <li>The top level has the keys {@code version} (which must be {@code 1}) and {@code moves}
 *       (a list, possibly empty), and optionally {@code retired}: a list of the names of moves this
 *       file drops on purpose (see {@link RuleSource}: a reload may not silently drop a move that
 *       still dual-writes). A key appears once; any other key is an error, so a typo is never
 *       silently ignored.
 *   <li>A move has {@code table}, {@code from}, {@code to} and {@code phase}, and optionally
 *       {@code name} (default {@link MoveRule#defaultName}), {@code forward} and {@code backward}.
 *       Names are plain identifiers, or quoted ({@code '"LastMessageAt"'}) to match exactly; a
 *       table may be schema-qualified. {@code from} and {@code to} must differ.
 *   <li>{@code backward} follows SPEC §1 and one more decision: with neither transform the move is a
 *       plain copy both ways ({@code {from}}, {@code {to}}); {@code backward: null} (or {@code ~})
 *       makes the move one-way; a {@code forward} without any {@code backward} key is an error,
 *       because guessing {@code {to}} would write wrong old values whenever the forward transform is
 *       not the identity.
 *   <li>Transforms are checked by {@link TransformCheck}; conflicts between moves by {@link MoveConflicts}.
 * </ul>
 */
final class RuleDocument {
  private static final List<String> TOP_KEYS = List.of("version", "moves", "retired");
  private static final List<String> MOVE_KEYS = List.of("name", "table", "from", "to", "forward", "backward", "phase");
  private static final String PHASES = "expand, migrated, contract";
  /** An unquoted identifier: what every one of our databases accepts without quotes. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

  private final String source;

  RuleDocument(String source) {
    this.source = source;
  }

  RuleSet read(Node root, String contentHash) throws RuleFileException {
    if (root == null) {
      throw new RuleFileException(source, 0, 0,
          "the file is empty; a rule file holds 'version: 1' and a list of 'moves'");
    }
    if (!(root instanceof MappingNode)) {
      throw error(root, "a rule file must be a mapping with the keys version and moves, not " + kind(root));
    }
    Map<String, NodeTuple> top = keys((MappingNode) root, "at the top level", TOP_KEYS);
    readVersion(top.get("version"), root);
    NodeTuple moves = top.get("moves");
    if (moves == null) {
      throw error(root, "missing key 'moves'; list the moves under it (an empty list, moves: [], is allowed)");
    }
    if (!(moves.getValueNode() instanceof SequenceNode)) {
      throw error(moves.getValueNode(), "'moves' must be a list of moves, not " + kind(moves.getValueNode()));
    }
    List<MoveConflicts.PlacedMove> placed = new ArrayList<>();
    int index = 0;
    for (Node move : ((SequenceNode) moves.getValueNode()).getValue()) {
      index++;
      MoveRule rule = readMove(move, index);
      placed.add(new MoveConflicts.PlacedMove(rule, move.getStartMark().getColumn() + 1));
    }
    new MoveConflicts(source).check(placed);
    List<MoveRule> rules = new ArrayList<>();
    placed.forEach(p -> rules.add(p.move()));
    return new RuleSet(RuleFileLoader.SUPPORTED_VERSION, rules, source, contentHash, retired(top.get("retired"), rules));
  }

  /** The names under {@code retired:}; none of them may still be a move of the file. */
  private Set<String> retired(NodeTuple retired, List<MoveRule> moves) throws RuleFileException {
    if (retired == null) {
      return Set.of();
    }
    Node value = retired.getValueNode();
    if (!(value instanceof SequenceNode)) {
      throw error(value, "'retired' must be a list of move names, not " + kind(value));
    }
    Set<String> names = new LinkedHashSet<>();
    for (Node item : ((SequenceNode) value).getValue()) {
      if (!item.getTag().equals(Tag.STR) || ((ScalarNode) item).getValue().isBlank()) {
        throw error(item, "'retired' lists move names (as the move's name, or table.from->to), not " + kind(item));
      }
      String name = ((ScalarNode) item).getValue().trim();
      for (MoveRule move : moves) {
        if (move.name().equals(name)) {
          throw error(item, "move '" + name + "' is listed under 'retired' but is still a move of this file (line "
              + move.line() + "); remove one of the two");
        }
      }
      names.add(name);
    }
    return names;
  }

  private void readVersion(NodeTuple version, Node root) throws RuleFileException {
    if (version == null) {
      throw error(root, "missing key 'version'; write 'version: " + RuleFileLoader.SUPPORTED_VERSION
          + "' at the top of the file");
    }
    Node value = version.getValueNode();
    if (!value.getTag().equals(Tag.INT)) {
      throw error(value, "'version' must be the number " + RuleFileLoader.SUPPORTED_VERSION + ", not " + kind(value));
    }
    String number = ((ScalarNode) value).getValue();
    if (!number.equals(String.valueOf(RuleFileLoader.SUPPORTED_VERSION))) {
      throw error(value, "unsupported version " + number + "; this Tandem reads rule files of version "
          + RuleFileLoader.SUPPORTED_VERSION);
    }
  }

  private MoveRule readMove(Node node, int index) throws RuleFileException {
    if (!(node instanceof MappingNode)) {
      throw error(node, "move #" + index + " must be a mapping with the keys " + String.join(", ", MOVE_KEYS)
          + ", not " + kind(node));
    }
    MappingNode move = (MappingNode) node;
    String label = label(move, index);
    Map<String, NodeTuple> keys = keys(move, "in move " + label, MOVE_KEYS);
    String table = requiredText(keys, "table", move, label);
    String from = requiredText(keys, "from", move, label);
    String to = requiredText(keys, "to", move, label);
    TableName tableName = tableName(table, keys.get("table").getValueNode(), label);
    Identifier fromColumn = columnName(from, keys.get("from").getValueNode(), "from", label);
    Identifier toColumn = columnName(to, keys.get("to").getValueNode(), "to", label);
    if (fromColumn.mayBeSameAs(toColumn)) {
      throw error(keys.get("to").getValueNode(), "move " + label + " moves column " + from
          + " onto itself; 'from' and 'to' must name different columns");
    }
    Phase phase = phase(keys, move, label);
    NodeTuple forwardKey = keys.get("forward");
    Transform forward = Transform.identityForward();
    if (forwardKey != null) {
      forward = checked(Transform.forward(text(forwardKey, "forward", label)), forwardKey, "forward", label);
    }
    Transform backward = backward(keys, forwardKey != null, move, label);
    NodeTuple nameKey = keys.get("name");
    String name = nameKey == null ? MoveRule.defaultName(tableName, fromColumn, toColumn) : text(nameKey, "name", label);
    return new MoveRule(name, tableName, fromColumn, toColumn, forward, backward, phase,
        move.getStartMark().getLine() + 1);
  }

  private Transform backward(Map<String, NodeTuple> keys, boolean hasForward, Node move, String label)
      throws RuleFileException {
    NodeTuple backwardKey = keys.get("backward");
    if (backwardKey == null) {
      if (hasForward) {
        throw error(move, "move " + label + " has a forward transform but no backward one; write "
            + "backward: <expression using {to}>, or backward: null for a one-way move");
      }
      return Transform.identityBackward();
    }
    if (backwardKey.getValueNode().getTag().equals(Tag.NULL)) {
      return null;
    }
    return checked(Transform.backward(text(backwardKey, "backward", label)), backwardKey, "backward", label);
  }

  private Transform checked(Transform transform, NodeTuple key, String what, String label) throws RuleFileException {
    try {
      return TransformCheck.checked(transform);
    } catch (TransformTokens.Problem problem) {
      throw error(key.getValueNode(), "'" + what + "' of move " + label + " " + problem.getMessage());
    }
  }

  private Phase phase(Map<String, NodeTuple> keys, Node move, String label) throws RuleFileException {
    NodeTuple key = keys.get("phase");
    if (key == null) {
      throw error(move, "move " + label + " has no 'phase'; write phase: expand, migrated or contract");
    }
    Node value = key.getValueNode();
    if (!value.getTag().equals(Tag.STR)) {
      throw error(value, "'phase' of move " + label + " must be one of " + PHASES + ", not " + kind(value));
    }
    String text = ((ScalarNode) value).getValue();
    Phase phase = Phase.fromYaml(text);
    if (phase == null) {
      throw error(value, "unknown phase '" + text + "' in move " + label + "; expected one of " + PHASES);
    }
    return phase;
  }

  private TableName tableName(String text, Node value, String label) throws RuleFileException {
    TableName name = TableName.parse(text);
    if ((name.schema() != null && !valid(name.schema())) || !valid(name.table())) {
      throw error(value, "'table' of move " + label + " is not a table name: '" + text
          + "'; write table or schema.table, quoting a part (\"Name\") that needs it");
    }
    return name;
  }

  private Identifier columnName(String text, Node value, String key, String label) throws RuleFileException {
    Identifier name = Identifier.parse(text);
    if (!valid(name)) {
      throw error(value, "'" + key + "' of move " + label + " is not a column name: '" + text
          + "'; write a plain name, or quote it (\"Name\") to match it exactly");
    }
    return name;
  }

  private static boolean valid(Identifier name) {
    return name.quoted() ? !name.name().isEmpty() : PLAIN_NAME.matcher(name.name()).matches();
  }

  private String requiredText(Map<String, NodeTuple> keys, String key, Node move, String label)
      throws RuleFileException {
    NodeTuple tuple = keys.get(key);
    if (tuple == null) {
      throw error(move, "move " + label + " has no '" + key + "'; every move names its table, from and to");
    }
    return text(tuple, key, label);
  }

  private String text(NodeTuple tuple, String key, String label) throws RuleFileException {
    Node value = tuple.getValueNode();
    if (!value.getTag().equals(Tag.STR)) {
      throw error(value, "'" + key + "' of move " + label + " must be text, not " + kind(value));
    }
    String text = ((ScalarNode) value).getValue().trim();
    if (text.isEmpty()) {
      throw error(value, "'" + key + "' of move " + label + " is empty");
    }
    return text;
  }

  /**
   * What to call a move in messages before it is validated: its name, else {@code table.from->to}
   * from whatever text is there, else its position in the list.
   */
  private static String label(MappingNode move, int index) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (NodeTuple tuple : move.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode && tuple.getValueNode().getTag().equals(Tag.STR)) {
        texts.putIfAbsent(((ScalarNode) tuple.getKeyNode()).getValue(), ((ScalarNode) tuple.getValueNode()).getValue().trim());
      }
    }
    if (texts.containsKey("name") && !texts.get("name").isEmpty()) {
      return "'" + texts.get("name") + "'";
    }
    if (texts.containsKey("table") && texts.containsKey("from") && texts.containsKey("to")) {
      return "'" + texts.get("table") + "." + texts.get("from") + "->" + texts.get("to") + "'";
    }
    return "#" + index;
  }

  /** The keys of a mapping, each once, each one of {@code allowed}. */
  private Map<String, NodeTuple> keys(MappingNode mapping, String where, List<String> allowed)
      throws RuleFileException {
    Map<String, NodeTuple> keys = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode) || keyNode.getTag().equals(Tag.NULL)) {
        throw error(keyNode, "keys must be plain names, not " + kind(keyNode));
      }
      String key = ((ScalarNode) keyNode).getValue();
      NodeTuple first = keys.putIfAbsent(key, tuple);
      if (first != null) {
        throw error(keyNode, "duplicate key '" + key + "' " + where + "; it is already given on line "
            + (first.getKeyNode().getStartMark().getLine() + 1));
      }
      if (!allowed.contains(key)) {
        throw error(keyNode, "unknown key '" + key + "' " + where + "; expected one of " + String.join(", ", allowed));
      }
    }
    return keys;
  }

  /** How a node reads to a person: "a number", "a list", "null". */
  private static String kind(Node node) {
    if (node.getNodeId() == NodeId.sequence) {
      return "a list";
    }
    if (node.getNodeId() == NodeId.mapping) {
      return "a mapping";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return "null";
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      return "the number " + ((ScalarNode) node).getValue();
    }
    if (tag.equals(Tag.BOOL)) {
      return "the boolean " + ((ScalarNode) node).getValue() + " (quote it to make it text)";
    }
    if (tag.equals(Tag.STR)) {
      return "the text '" + ((ScalarNode) node).getValue() + "'";
    }
    return "a value of type " + tag.getValue();
  }

  private RuleFileException error(Node node, String reason) {
    Mark mark = node.getStartMark();
    return new RuleFileException(source, mark.getLine() + 1, mark.getColumn() + 1, reason);
  }
}
