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
 *   <li>A move with a {@code rename_to} key is a table rename ({@link TableRename}): {@code table},
 *       {@code rename_to}, {@code phase} (expand or contract) and optionally {@code name}. It may not
 *       share a table name with another rename or with a column move.
 *   <li>A move whose {@code to} is a list is a column split ({@link SplitDocument}), compiled into one
 *       move per target.
 *   <li>Transforms are checked by {@link TransformCheck}; conflicts between moves by {@link MoveConflicts}.
 * </ul>
 */
final class RuleDocument {
  private static final List<String> TOP_KEYS = List.of("version", "moves", "retired");
  private static final List<String> MOVE_KEYS = List.of("name", "table", "from", "to", "forward", "backward", "phase");
  private static final List<String> RENAME_KEYS = List.of("name", "table", "rename_to", "phase");
  private static final List<String> CROSS_TABLE_KEYS =
      List.of("name", "table", "from", "key", "to_table", "to", "to_key", "phase");
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
    List<TableRename> renames = new ArrayList<>();
    List<Node> renameNodes = new ArrayList<>();
    List<CrossTableMove> crossTable = new ArrayList<>();
    List<Node> crossTableNodes = new ArrayList<>();
    int index = 0;
    for (Node move : ((SequenceNode) moves.getValueNode()).getValue()) {
      index++;
      if (isRename(move)) {
        renames.add(readRename((MappingNode) move, index));
        renameNodes.add(move);
        continue;
      }
      if (SplitDocument.isSplit(move)) {
        for (MoveRule piece : new SplitDocument(this).read((MappingNode) move, index).pieces()) {
          placed.add(new MoveConflicts.PlacedMove(piece, move.getStartMark().getColumn() + 1));
        }
        continue;
      }
      if (hasKey(move, "to_table")) {
        crossTable.add(readCrossTableMove((MappingNode) move, index));
        crossTableNodes.add(move);
        continue;
      }
      MoveRule rule = readMove(move, index);
      placed.add(new MoveConflicts.PlacedMove(rule, move.getStartMark().getColumn() + 1));
    }
    new MoveConflicts(source).check(placed);
    List<MoveRule> rules = new ArrayList<>();
    placed.forEach(p -> rules.add(p.move()));
    for (int i = 0; i < renames.size(); i++) {
      String conflict = renameConflict(renames.get(i), renames.subList(0, i), rules);
      if (conflict != null) {
        throw error(renameNodes.get(i), conflict);
      }
    }
    for (int i = 0; i < crossTable.size(); i++) {
      String conflict = crossTableConflict(crossTable.get(i), crossTable.subList(0, i), rules, renames);
      if (conflict != null) {
        throw error(crossTableNodes.get(i), conflict);
      }
    }
    Set<String> retiredNames = retired(top.get("retired"), rules, renames);
    for (CrossTableMove move : crossTable) {
      if (retiredNames.contains(move.name())) {
        throw error(crossTableNodes.get(crossTable.indexOf(move)), "move '" + move.name() + "' is listed under"
            + " 'retired' but is still a move of this file; remove one of the two");
      }
    }
    return new RuleSet(RuleFileLoader.SUPPORTED_VERSION, rules, renames, crossTable, source, contentHash,
        retiredNames);
  }

  /** Whether {@code move} is a mapping with the key {@code key} (a {@code to_table} makes a move to another table). */
  private static boolean hasKey(Node move, String key) {
    if (move instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A move of a column to another table: {@code table}, {@code from}, {@code key}, {@code to_table}, {@code to},
   * {@code to_key}, {@code phase} and optionally {@code name}. Both tables in one schema (an unqualified
   * {@code to_table} takes {@code table}'s); no transforms (the value moves as it is).
   */
  private CrossTableMove readCrossTableMove(MappingNode move, int index) throws RuleFileException {
    String label = label(move, index);
    Map<String, NodeTuple> keys = keys(move, "in move " + label + " (a move to another table)", CROSS_TABLE_KEYS);
    for (String required : List.of("table", "from", "key", "to_table", "to", "to_key")) {
      if (!keys.containsKey(required)) {
        throw error(move, "move " + label + " moves a column to another table and has no '" + required + "'; write"
            + " table, from, key (its unique column), to_table, to and to_key (the column of to_table holding key)");
      }
    }
    TableName table = tableName(text(keys.get("table"), "table", label), keys.get("table").getValueNode(), label);
    TableName toTable = tableName(text(keys.get("to_table"), "to_table", label), keys.get("to_table").getValueNode(),
        label);
    if (toTable.schema() == null) {
      toTable = new TableName(table.schema(), toTable.table());
    } else if (table.schema() == null || !table.schema().mayBeSameAs(toTable.schema())) {
      throw error(keys.get("to_table").getValueNode(), "move " + label + " moves a column to " + toTable
          + ", another schema than " + table + "'s; both tables must be in one schema");
    }
    if (toTable.table().mayBeSameAs(table.table())) {
      throw error(keys.get("to_table").getValueNode(), "move " + label + " names " + table + " as its to_table; a"
          + " move within one table has no to_table, key or to_key");
    }
    Identifier from = columnName(text(keys.get("from"), "from", label), keys.get("from").getValueNode(), "from", label);
    Identifier key = columnName(text(keys.get("key"), "key", label), keys.get("key").getValueNode(), "key", label);
    Identifier to = columnName(text(keys.get("to"), "to", label), keys.get("to").getValueNode(), "to", label);
    Identifier toKey = columnName(text(keys.get("to_key"), "to_key", label), keys.get("to_key").getValueNode(),
        "to_key", label);
    if (from.mayBeSameAs(key)) {
      throw error(keys.get("key").getValueNode(), "move " + label + " moves its own key column " + key);
    }
    if (to.mayBeSameAs(toKey)) {
      throw error(keys.get("to_key").getValueNode(), "move " + label + " moves " + from + " onto the key column "
          + toKey + " of " + toTable);
    }
    Phase phase = phase(keys, move, label);
    NodeTuple nameKey = keys.get("name");
    String name = nameKey == null ? CrossTableMove.defaultName(table, from, toTable, to) : text(nameKey, "name", label);
    return new CrossTableMove(name, table, from, key, toTable, to, toKey, phase, move.getStartMark().getLine() + 1);
  }

  /** Why {@code move} cannot stand beside the moves to other tables before it, the column moves and the renames. */
  private static String crossTableConflict(CrossTableMove move, List<CrossTableMove> earlier, List<MoveRule> moves,
      List<TableRename> renames) {
    List<TableName> tables = List.of(move.table(), move.toTable());
    for (CrossTableMove other : earlier) {
      if (other.name().equals(move.name())) {
        return "move '" + move.name() + "' is given twice (line " + other.line() + ")";
      }
      if (tables.stream().anyMatch(t -> t.mayBeSameAs(other.table()) || t.mayBeSameAs(other.toTable()))) {
        return "move '" + move.name() + "' names a table that move '" + other.name() + "' (line " + other.line()
            + ") names too; one move to another table per pair of tables at a time (not yet supported together)";
      }
    }
    for (MoveRule other : moves) {
      if (other.name().equals(move.name())) {
        return "move '" + move.name() + "' has the name of the column move on line " + other.line();
      }
      if (tables.stream().anyMatch(t -> t.mayBeSameAs(other.table()))) {
        return "move '" + move.name() + "' names table " + other.table() + " of column move '" + other.name()
            + "' (line " + other.line() + "); finish one move first (not yet supported together)";
      }
    }
    for (TableRename rename : renames) {
      if (rename.name().equals(move.name())) {
        return "move '" + move.name() + "' has the name of the table rename on line " + rename.line();
      }
      if (tables.stream().anyMatch(t -> t.mayBeSameAs(rename.table()) || t.mayBeSameAs(rename.renameTo()))) {
        return "move '" + move.name() + "' names a table that rename '" + rename.name() + "' (line " + rename.line()
            + ") renames; finish the rename first (not yet supported together)";
      }
    }
    return null;
  }

  /** A table rename is the move mapping with a {@code rename_to} key. */
  private static boolean isRename(Node move) {
    if (!(move instanceof MappingNode mapping)) {
      return false;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("rename_to")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A table rename: {@code table}, {@code rename_to}, {@code phase} (expand or contract) and optionally
   * {@code name}. Both names unqualified, or the same schema on both (a rename stays in its schema).
   */
  private TableRename readRename(MappingNode move, int index) throws RuleFileException {
    Map<String, NodeTuple> keys = keys(move, "in table rename #" + index, RENAME_KEYS);
    NodeTuple nameKey = keys.get("name");
    String label = nameKey != null ? "'" + text(nameKey, "name", "#" + index) + "'" : "#" + index;
    NodeTuple tableKey = keys.get("table");
    if (tableKey == null) {
      throw error(move, "table rename " + label + " has no 'table'; write table: <old name> and rename_to: <new name>");
    }
    TableName table = tableName(text(tableKey, "table", label), tableKey.getValueNode(), label);
    NodeTuple toKey = keys.get("rename_to");
    String toText = text(toKey, "rename_to", label);
    TableName renameTo = TableName.parse(toText);
    if ((renameTo.schema() != null && !valid(renameTo.schema())) || !valid(renameTo.table())) {
      throw error(toKey.getValueNode(), "'rename_to' of table rename " + label + " is not a table name: '" + toText
          + "'");
    }
    if (renameTo.schema() == null) {
      renameTo = new TableName(table.schema(), renameTo.table());
    } else if (table.schema() == null || !table.schema().mayBeSameAs(renameTo.schema())) {
      throw error(toKey.getValueNode(), "table rename " + label + " moves " + table + " to another schema ("
          + renameTo + "); a rename keeps the table in its schema: write rename_to: " + renameTo.table());
    }
    if (table.table().mayBeSameAs(renameTo.table())) {
      throw error(toKey.getValueNode(), "table rename " + label + " renames " + table + " onto itself");
    }
    Phase phase = phase(keys, move, label);
    if (phase == Phase.MIGRATED) {
      throw error(keys.get("phase").getValueNode(), "table rename " + label + " cannot be in phase migrated: a rename"
          + " has nothing to backfill (one table holds every row under either name); write phase: expand until the"
          + " rename migration has run, then contract");
    }
    String name = nameKey == null ? TableRename.defaultName(table, renameTo) : text(nameKey, "name", label);
    return new TableRename(name, table, renameTo, phase, move.getStartMark().getLine() + 1);
  }

  /** Why {@code rename} cannot stand beside the renames before it and the column moves, or {@code null}. */
  private static String renameConflict(TableRename rename, List<TableRename> earlier, List<MoveRule> moves) {
    for (TableRename other : earlier) {
      if (other.name().equals(rename.name())) {
        return "table rename '" + rename.name() + "' is given twice (line " + other.line() + ")";
      }
      if (names(other).stream().anyMatch(n -> names(rename).stream().anyMatch(n::mayBeSameAs))) {
        return "table rename '" + rename.name() + "' names a table that rename '" + other.name() + "' (line "
            + other.line() + ") names too; finish one rename before starting the next";
      }
    }
    for (MoveRule move : moves) {
      if (move.name().equals(rename.name())) {
        return "table rename '" + rename.name() + "' has the name of the column move on line " + move.line();
      }
      if (names(rename).stream().anyMatch(n -> n.mayBeSameAs(move.table()))) {
        return "table rename '" + rename.name() + "' renames the table of move '" + move.name() + "' (line "
            + move.line() + "); finish the column move before renaming its table (not yet supported together)";
      }
    }
    return null;
  }

  private static List<TableName> names(TableRename rename) {
    return List.of(rename.table(), rename.renameTo());
  }

  /** The names under {@code retired:}; none of them may still be a move of the file. */
  private Set<String> retired(NodeTuple retired, List<MoveRule> moves, List<TableRename> renames)
      throws RuleFileException {
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
      for (TableRename rename : renames) {
        if (rename.name().equals(name)) {
          throw error(item, "table rename '" + name + "' is listed under 'retired' but is still a move of this file"
              + " (line " + rename.line() + "); remove one of the two");
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

  Transform checked(Transform transform, NodeTuple key, String what, String label) throws RuleFileException {
    try {
      return TransformCheck.checked(transform);
    } catch (TransformTokens.Problem problem) {
      throw error(key.getValueNode(), "'" + what + "' of move " + label + " " + problem.getMessage());
    }
  }

  Phase phase(Map<String, NodeTuple> keys, Node move, String label) throws RuleFileException {
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

  TableName tableName(String text, Node value, String label) throws RuleFileException {
    TableName name = TableName.parse(text);
    if ((name.schema() != null && !valid(name.schema())) || !valid(name.table())) {
      throw error(value, "'table' of move " + label + " is not a table name: '" + text
          + "'; write table or schema.table, quoting a part (\"Name\") that needs it");
    }
    return name;
  }

  Identifier columnName(String text, Node value, String key, String label) throws RuleFileException {
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

  String text(NodeTuple tuple, String key, String label) throws RuleFileException {
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
  static String label(MappingNode move, int index) {
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
  Map<String, NodeTuple> keys(MappingNode mapping, String where, List<String> allowed)
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
  static String kind(Node node) {
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

  RuleFileException error(Node node, String reason) {
    Mark mark = node.getStartMark();
    return new RuleFileException(source, mark.getLine() + 1, mark.getColumn() + 1, reason);
  }
}
