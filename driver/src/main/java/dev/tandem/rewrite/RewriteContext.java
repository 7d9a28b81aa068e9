package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.ColumnAction;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Transform;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/**
 * The state of rewriting one statement: the parse, the rules, the edits made so far and the moves
 * that made them. The statement rewriters share it; it also holds the helpers they all need
 * (placing a transformed value, refusing).
 */
final class RewriteContext {
  /** A piece of new SQL text and the application parameters its markers carry, in order. */
  record Piece(String text, int[] parameters) {}

  private final ParsedStatement parsed;
  private final CompiledRules rules;
  private final TableColumns tableColumns;
  private final TextEdits edits = new TextEdits();
  private final Set<MoveRule> applied = new LinkedHashSet<>();
  private boolean expandedFromMetadata;
  /** Declared types of the computed result columns the JDBC layer narrows, by label in lower case. */
  private final Map<String, Integer> narrowed = new HashMap<>();
  /** Column references whose value is a result column of another label ({@code max(c) AS m}). */
  private final Map<Column, String> resultLabels = new IdentityHashMap<>();
  private MoveRule current;

  RewriteContext(ParsedStatement parsed, CompiledRules rules, TableColumns tableColumns) {
    this.parsed = parsed;
    this.rules = rules;
    this.tableColumns = tableColumns;
  }

  ParsedStatement parsed() {
    return parsed;
  }

  Dialect dialect() {
    return rules.dialect();
  }

  TextEdits edits() {
    return edits;
  }

  /**
   * The moves on {@code table} as a {@link TableRef}. Where the table's schema was found by looking
   * through a search path of several schemas, the plan depends on table metadata.
   */
  TableRef tableRef(Table table) throws java.sql.SQLException {
    List<MoveRule> moves = rules.movesOn(table, tableColumns);
    if (rules.resolvedBySearchPath(table) && tableColumns.searchPath().searchesMetadata()) {
      expandedFromMetadata = true;
    }
    return new TableRef(table, moves);
  }

  /** Records that {@code move} is being worked on, so that a failure names it. */
  void working(MoveRule move) {
    current = move;
  }

  /** The move being worked on, or {@code null}. */
  MoveRule current() {
    return current;
  }

  /** Records that {@code move} changed the statement. */
  void applied(MoveRule move) {
    applied.add(move);
  }

  /** The names of the moves that changed the statement, in rule order. */
  List<String> appliedNames() {
    List<String> names = new ArrayList<>();
    for (MoveRule move : rules.rules().moves()) {
      // The pieces of a split share its name.
      if (applied.contains(move) && !names.contains(move.name())) {
        names.add(move.name());
      }
    }
    return names;
  }

  boolean expandedFromMetadata() {
    return expandedFromMetadata;
  }

  /** The columns of {@code table} from metadata, in table order, for an {@code INSERT} without a column list. */
  List<String> columnsOf(MoveRule move, Table table) throws java.sql.SQLException {
    return columnsOf(move, table, "the statement has no column list");
  }

  /**
   * The columns of {@code table} from metadata, in table order; the plan is marked as made from
   * metadata.
   *
   * @param why what needs them, for the refusal when they are unknown
   */
  List<String> columnsOf(MoveRule move, Table table, String why) throws java.sql.SQLException {
    List<String> names = tableColumns.columnsOf(table.getSchemaName(), table.getName());
    if (names == null || names.isEmpty()) {
      throw refuse(move, why + " and the columns of table " + table.getFullyQualifiedName() + " are unknown");
    }
    expandedFromMetadata = true;
    return names;
  }

  /**
   * Whether any table's columns can be looked up: {@code false} for {@link TableColumns#NONE} (no
   * database at hand), where column resolution falls back to SPEC §3's rule alone.
   */
  boolean knowsTables() {
    return tableColumns.knowsTables();
  }

  /**
   * The columns of the stored table {@code table} from metadata, as metadata spells them, or
   * {@code null} when it does not know the table. A plan that used an answer is marked as made
   * from metadata, since a migration can change it.
   */
  List<String> knownColumns(Table table) throws java.sql.SQLException {
    if (table.getName() == null) {
      return null;
    }
    List<String> names = tableColumns.columnsOf(table.getSchemaName(), table.getName());
    if (names == null || names.isEmpty()) {
      return null;
    }
    expandedFromMetadata = true;
    return names;
  }

  /** The moves that change reads: those in expand (reads of {@code to}) and contract (reads of {@code from}). */
  List<MoveRule> readMoves() {
    return rules.readMoves();
  }

  /**
   * {@code sql}, a value Tandem computes for {@code column} of {@code table}, cast to that column's
   * declared type (SPEC §2), so that the application reads the Java type, precision and scale it
   * would read without Tandem: the {@code COALESCE} fallback of a read of {@code to}, and
   * {@code backward(to)} read as {@code from}. Left as it is when metadata does not know the type
   * or the dialect has no cast for it ({@link CastTarget}), and when the value is the other column
   * as it is (an identity transform) of the same declared type, which needs no cast. A plan with a
   * cast is marked as made from metadata, so it is made again when the table changes (and is not
   * shared between connections, which a rename of same-typed columns keeps).
   *
   * @param action the read: {@code action.column()} is the column the value stands for
   */
  String typed(TableRef table, ColumnAction action, String sql) {
    ColumnType type = metadataType(table, action.column());
    String target = CastTarget.of(type, dialect());
    if (target == null || action.transform().isIdentity() && type.equals(metadataType(table, action.other()))) {
      return sql;
    }
    expandedFromMetadata = true;
    return "CAST(" + sql + " AS " + target + ")";
  }

  /**
   * Records that the result column labelled {@code label} is a value Tandem computed for
   * {@code column} of {@code table} ({@code move}'s), so that where the dialect's cast cannot give
   * the declared type (MariaDB's integers, {@link CastTarget#narrowsInResult}) the JDBC layer gives
   * the application the Java type the column would. A column metadata no longer knows (the old one,
   * dropped during contract) has the type the move's backward transform casts to, if it casts.
   */
  void computedResult(String label, MoveRule move, TableRef table, Identifier column) {
    if (label == null || dialect().family() != Dialect.MARIADB) {
      return;
    }
    ColumnType type = metadataType(table, column);
    if (type == null && column == move.from() && move.backward() != null) {
      type = ColumnType.castBy(move.backward().template());
    }
    if (CastTarget.narrowsInResult(type, dialect())) {
      narrowed.put(unquoted(label).toLowerCase(Locale.ROOT), type.dataType());
    }
  }

  /** Records that {@code column}'s value is the whole value of the result column labelled {@code label}. */
  void resultLabel(Column column, String label) {
    resultLabels.put(column, label);
  }

  /** The label of the result column whose value {@code column} is, or {@code null}. */
  String resultLabelOf(Column column) {
    return resultLabels.get(column);
  }

  /** The computed result columns to narrow, for the plan. */
  ResultTypes resultTypes() {
    return narrowed.isEmpty() ? ResultTypes.NONE : new ResultTypes(narrowed);
  }

  /**
   * The declared type of {@code column} of {@code table} from metadata, or {@code null} when it is
   * unknown. A metadata failure leaves the value untyped, as it was before types were known, rather
   * than failing a statement that needs no metadata otherwise.
   */
  private ColumnType metadataType(TableRef table, Identifier column) {
    if (table == null || table.table() == null || table.table().getName() == null) {
      return null;
    }
    try {
      return tableColumns.typeOf(table.table().getSchemaName(), table.table().getName(), column);
    } catch (SQLException e) {
      return null;
    }
  }

  private static String unquoted(String label) {
    return label.length() > 1 && "\"`".indexOf(label.charAt(0)) >= 0 ? label.substring(1, label.length() - 1) : label;
  }

  RewriteRefusedException refuse(MoveRule move, String reason) {
    return new RewriteRefusedException(move == null ? null : move.name(), reason);
  }

  /** A column name from the rules as SQL: quoted the dialect's way if the rules quoted it. */
  String name(Identifier column) {
    return column.sql(dialect());
  }

  /** Whether {@code column} (as written in SQL) is {@code identifier}. */
  boolean same(Identifier identifier, String column) {
    return identifier.matches(column, dialect());
  }

  /** The application parameters (1-based) whose markers lie in {@code [begin, end)}. */
  int[] parametersIn(int begin, int end) {
    int[] markers = parsed.markers();
    int from = lowerBound(markers, begin);
    int to = lowerBound(markers, end);
    int[] found = new int[to - from];
    for (int i = from; i < to; i++) {
      found[i - from] = i + 1;
    }
    return found;
  }

  private static int lowerBound(int[] sorted, int key) {
    int i = Arrays.binarySearch(sorted, key);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == key) {
      i--;
    }
    return i;
  }

  /**
   * The transform of {@code action} applied to the value {@code value} as written to
   * {@code action.column()} of {@code table}. A bound value ({@code ?}) is cast to that column's
   * declared type first where the database would otherwise type it from the transform around it
   * ({@link CastTarget#typesBoundValues}): written to the column it has that type, and so it must
   * have inside the transform (SPEC §2).
   *
   * @param staysInPlace whether the original value also stays where it is (a dual write) rather
   *     than being replaced (a redirect); decides whether the value is evaluated more than once
   */
  Piece transformed(ColumnAction action, TableRef table, Object value, boolean staysInPlace)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    MoveRule move = action.move();
    Transform transform = action.transform();
    String unusable = CompiledRules.unusable(transform);
    if (unusable != null) {
      throw refuse(move, unusable);
    }
    if (value instanceof Column && isDefaultKeyword((Column) value)) {
      throw refuse(move, "DEFAULT cannot be written to two columns; write the value");
    }
    int copies = transform.isIdentity() ? 1 : transform.placeholderCount();
    if (copies + (staysInPlace ? 1 : 0) > 1) {
      String volatileCall = VolatileFunctions.find(parsed, value, dialect(), tableColumns.functions());
      if (volatileCall != null) {
        throw refuse(move, "the value '" + parsed.text(value) + "' calls " + volatileCall
            + ", which may give a different result each time it is evaluated; it cannot be written to "
            + "two columns. Compute it in the application and bind it as a parameter");
      }
    }
    if (!transform.isIdentity()) {
      checkCapture(move, transform, value);
    }
    // The value as the read rewriting left it: a copy of `upper(title)` must read what the
    // original now reads, `upper(COALESCE(title, subject))`.
    TextEdits.Spliced spliced = edits.spliced(parsed.sql(), parsed.markers(), parsed.begin(value), parsed.end(value));
    int[] once = spliced.parameters();
    int[] all = new int[once.length * copies];
    for (int c = 0; c < copies; c++) {
      System.arraycopy(once, 0, all, c * once.length, once.length);
    }
    String text = spliced.text();
    if (transform.isIdentity()) {
      return new Piece(text, all);
    }
    if (value instanceof JdbcParameter && CastTarget.typesBoundValues(dialect())) {
      text = typedValue(move, table, action.column(), text);
    }
    return new Piece(transform.withPlaceholder(isAtomic(value) ? text : "(" + text + ")"), all);
  }

  /**
   * The bound value {@code marker} written to {@code column}, cast to its declared type: from
   * metadata, or else (the old column dropped during contract) the type the backward transform
   * casts to. Untyped when neither is known.
   */
  private String typedValue(MoveRule move, TableRef table, Identifier column, String marker) {
    ColumnType type = metadataType(table, column);
    if (type != null) {
      String target = CastTarget.of(type, dialect());
      if (target != null) {
        expandedFromMetadata = true;
      }
      return CastTarget.cast(marker, type, dialect());
    }
    ColumnType declared = column == move.from() && move.backward() != null
        ? ColumnType.castBy(move.backward().template()) : null;
    return CastTarget.cast(marker, declared, dialect());
  }

  /**
   * The volatile call in {@code value} ({@code random()}, a function the catalogue does not declare
   * immutable, …), or {@code null}: a value with one cannot be copied to a second column.
   */
  String volatileCall(Object value) throws ParsedStatement.Unlocatable {
    return VolatileFunctions.find(parsed, value, dialect(), tableColumns.functions());
  }

  /**
   * Refuses a value whose column references the transform would capture: a qualifier that the
   * template also uses ({@code m.id} into {@code (SELECT … FROM message m WHERE m.id = {from})}),
   * or an unqualified name placed inside a template's subquery, where it would resolve to the
   * subquery's tables first.
   */
  private void checkCapture(MoveRule move, Transform transform, Object value)
      throws RewriteRefusedException, ParsedStatement.Unlocatable {
    String template = transform.template();
    boolean subquery = containsWord(template, "select");
    for (Column c : parsed.columnsIn(value, false)) {
      Table qualifier = c.getTable();
      String name = qualifier == null ? null : qualifier.getName();
      if (name == null && subquery && !isDefaultKeyword(c)) {
        throw refuse(move, "the value '" + parsed.text(value) + "' refers to column " + c.getColumnName()
            + " without a qualifier, and the transform puts it inside a subquery where it could resolve to "
            + "another table; qualify the column");
      }
      if (name != null && containsWord(template, dialect().canonical(name, false))) {
        throw refuse(move, "the value '" + parsed.text(value) + "' refers to " + name
            + ", a name the transform '" + template + "' also uses; use another alias in the statement");
      }
    }
  }

  static boolean containsWord(String text, String word) {
    int n = word.length();
    for (int i = 0; i + n <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, n)
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)) && text.charAt(i - 1) != '_')
          && (i + n == text.length() || !Character.isLetterOrDigit(text.charAt(i + n)) && text.charAt(i + n) != '_')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a value can stand in a transform without parentheses: it binds tighter than any
   * operator a template can put around it. Decided on the parse tree, not on the text.
   */
  private static boolean isAtomic(Object value) {
    return value instanceof Column || value instanceof JdbcParameter || value instanceof StringValue
        || value instanceof LongValue || value instanceof DoubleValue || value instanceof NullValue
        || value instanceof BooleanValue || value instanceof HexValue || value instanceof Function
        || value instanceof ParenthesedExpressionList || value instanceof ParenthesedSelect
        || value instanceof TimeKeyExpression;
  }

  private static boolean isDefaultKeyword(Column column) {
    return column.getTable() == null && "DEFAULT".equalsIgnoreCase(column.getColumnName());
  }
}
