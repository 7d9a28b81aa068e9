package dev.tandem.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;

/**
 * A parsed statement together with its source text: where each node of the tree sits in the text,
 * and where the statement's parameter markers are. Offsets are 0-based char indexes into the SQL,
 * end exclusive.
 *
 * <p>Markers are the parser's {@code ?} tokens (so a {@code ?} inside a string literal, a comment or
 * a quoted identifier, and PostgreSQL's {@code ?|} and {@code ?&} operators, are never counted),
 * cross-checked against the {@link JdbcParameter} nodes of the tree. A {@code ?} token that is no
 * such node sits in a clause whose nodes carry no positions ({@code LIMIT ?}); the vendor driver
 * will number it as a marker, so it is counted too. On PostgreSQL {@code ??}, {@code ??|} and
 * {@code ??&} are the JDBC escapes of the jsonb operators and are not markers.
 */
final class ParsedStatement {
  private static final int QUESTION_MARK = kindOf("\"?\"");
  private static final int QUESTION_PIPE = kindOf("\"?|\"");
  private static final int QUESTION_AMPERSAND = kindOf("\"?&\"");
  private static final int DOLLAR_PARAMETER = kindOf("<S_PARAMETER>");

  private final String sql;
  private final Statement statement;
  private final SimpleNode root;
  private final int[] markers;
  private final String unusualParameters;

  ParsedStatement(String sql, Statement statement, SimpleNode root) {
    this(sql, statement, root, new int[0]);
  }

  /**
   * @param sql the application's text; the parse may be of a same-length version of it ({@link ParserText})
   * @param hiddenMarkers markers the parser did not see because their list was collapsed ({@link LongLists})
   */
  ParsedStatement(String sql, Statement statement, SimpleNode root, int[] hiddenMarkers) {
    this.sql = sql;
    this.statement = statement;
    this.root = root;
    List<String> unusual = new ArrayList<>();
    int[] seen = findMarkers(unusual);
    if (hiddenMarkers.length > 0) {
      seen = Arrays.copyOf(seen, seen.length + hiddenMarkers.length);
      System.arraycopy(hiddenMarkers, 0, seen, seen.length - hiddenMarkers.length, hiddenMarkers.length);
      Arrays.sort(seen);
    }
    this.markers = seen;
    this.unusualParameters = unusual.isEmpty() ? null : String.join(", ", unusual);
  }

  String sql() {
    return sql;
  }

  Statement statement() {
    return statement;
  }

  /** The parser's root node of the statement ({@code null} when the parser gave none). */
  SimpleNode root() {
    return root;
  }

  /** The statement's first token; the tokens of the whole statement follow it through {@code next}. */
  Token firstToken() {
    return root == null ? null : root.jjtGetFirstToken();
  }

  /** Offsets of the {@code ?} markers, in text order: application index {@code i + 1} is at {@code [i]}. */
  int[] markers() {
    return markers;
  }

  /**
   * A description of the numbered ({@code $1}, {@code ?1}) or named ({@code :name}) parameters in
   * the statement, or {@code null} when it only uses plain {@code ?} markers.
   */
  String unusualParameters() {
    return unusualParameters;
  }

  /** The parse-tree node of {@code element}, or {@code null} when the parser gave it none. */
  static SimpleNode nodeOf(Object element) {
    return element instanceof ASTNodeAccess ? ((ASTNodeAccess) element).getASTNode() : null;
  }

  /** Where {@code element} starts in the text. */
  int begin(Object element) throws Unlocatable {
    return firstToken(element).absoluteBegin - 1;
  }

  /** Where {@code element} ends in the text (exclusive). */
  int end(Object element) throws Unlocatable {
    return lastToken(element).absoluteEnd - 1;
  }

  /** The text of {@code element} as the application wrote it. */
  String text(Object element) throws Unlocatable {
    return sql.substring(begin(element), end(element));
  }

  /**
   * The first token of {@code element}. JSqlParser gives binary operations ({@code a + b},
   * {@code a || b}) no node of their own in some contexts; they are located by their operands.
   */
  Token firstToken(Object element) throws Unlocatable {
    SimpleNode node = nodeOf(element);
    if (node == null && element instanceof BinaryExpression binary) {
      return firstToken(binary.getLeftExpression());
    }
    return require(element).jjtGetFirstToken();
  }

  /** The last token of {@code element}. */
  Token lastToken(Object element) throws Unlocatable {
    SimpleNode node = nodeOf(element);
    if (node == null && element instanceof BinaryExpression binary) {
      return lastToken(binary.getRightExpression());
    }
    return require(element).jjtGetLastToken();
  }

  /** The tokens of {@code element}, first to last. */
  void forEachToken(Object element, Consumer<Token> action) throws Unlocatable {
    Token last = lastToken(element);
    for (Token t = firstToken(element); t != null; t = t.next) {
      action.accept(t);
      if (t == last) {
        break;
      }
    }
  }

  /**
   * The text before a column's own name ({@code c.} in {@code c.col}, {@code public.t.} in
   * {@code public.t.col}, empty when unqualified), so that an added reference is qualified alike.
   */
  String qualifierText(Column column) throws Unlocatable {
    int begin = begin(column);
    int nameAt = begin(lastToken(column));
    return sql.substring(begin, nameAt);
  }

  /** The column's own name as written, quotes included. */
  String nameText(Column column) throws Unlocatable {
    Token name = lastToken(column);
    return sql.substring(begin(name), end(name));
  }

  /** The token after {@code token}, skipping nothing (comments are not tokens). */
  static Token next(Token token) {
    return token.next;
  }

  /** Offset of a token in the text. */
  static int begin(Token token) {
    return token.absoluteBegin - 1;
  }

  /** End offset (exclusive) of a token in the text. */
  static int end(Token token) {
    return token.absoluteEnd - 1;
  }

  /**
   * The column references inside {@code element}, in text order.
   *
   * @param ofStoredRow whether to leave out the arguments of {@code VALUES(col)}, MariaDB's "the
   *     value this upsert inserts", which are no references to the stored row
   */
  List<Column> columnsIn(Object element, boolean ofStoredRow) throws Unlocatable {
    List<Column> found = new ArrayList<>();
    if (nodeOf(element) == null && element instanceof BinaryExpression binary) {
      found.addAll(columnsIn(binary.getLeftExpression(), ofStoredRow));
      found.addAll(columnsIn(binary.getRightExpression(), ofStoredRow));
      return found;
    }
    collectColumns(require(element), found, ofStoredRow);
    return found;
  }

  /** Every column reference of the statement, in text order. */
  List<Column> allColumns() {
    List<Column> found = new ArrayList<>();
    if (root != null) {
      collectColumns(root, found, false);
    }
    return found;
  }

  private static void collectColumns(SimpleNode node, List<Column> found, boolean ofStoredRow) {
    Object value = node.jjtGetValue();
    if (ofStoredRow && value instanceof Function && "VALUES".equalsIgnoreCase(((Function) value).getName())) {
      return;
    }
    if (value instanceof Column && (found.isEmpty() || found.get(found.size() - 1) != value)) {
      found.add((Column) value);
    }
    for (int i = 0; i < node.jjtGetNumChildren(); i++) {
      collectColumns((SimpleNode) node.jjtGetChild(i), found, ofStoredRow);
    }
  }

  private SimpleNode require(Object element) throws Unlocatable {
    SimpleNode node = nodeOf(element);
    if (node == null || node.jjtGetFirstToken() == null || node.jjtGetLastToken() == null) {
      throw new Unlocatable(element);
    }
    return node;
  }

  private int[] findMarkers(List<String> unusual) {
    List<Object> treeParameters = new ArrayList<>();
    collectParameters(root, treeParameters);
    int[] treeOffsets = new int[treeParameters.size()];
    int n = 0;
    for (Object p : treeParameters) {
      SimpleNode node = nodeOf(p);
      if (p instanceof JdbcNamedParameter) {
        unusual.add("named parameter :" + ((JdbcNamedParameter) p).getName());
      } else if (((JdbcParameter) p).isUseFixedIndex()) {
        unusual.add("numbered parameter ?" + ((JdbcParameter) p).getIndex());
      } else if (node != null) {
        treeOffsets[n++] = node.jjtGetFirstToken().absoluteBegin - 1;
      }
    }
    Arrays.sort(treeOffsets, 0, n);

    int[] offsets = new int[8];
    int count = 0;
    Token first = root == null ? null : root.jjtGetFirstToken();
    for (Token t = first; t != null && t.kind != 0; t = t.next) {
      if (t.kind == DOLLAR_PARAMETER) {
        unusual.add("numbered parameter " + t.image);
      } else if (t.kind == QUESTION_MARK) {
        Token after = t.next;
        if (after != null && after.absoluteBegin == t.absoluteEnd
            && (after.kind == QUESTION_MARK || after.kind == QUESTION_PIPE || after.kind == QUESTION_AMPERSAND)) {
          t = after; // PostgreSQL JDBC escape of a jsonb operator, not a marker
          continue;
        }
        if (count == offsets.length) {
          offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = t.absoluteBegin - 1;
      }
    }
    int[] markers = Arrays.copyOf(offsets, count);
    for (int i = 0; i < n; i++) {
      if (Arrays.binarySearch(markers, treeOffsets[i]) < 0) {
        unusual.add("a parameter at offset " + treeOffsets[i] + " that is not a '?' token");
      }
    }
    return markers;
  }

  private static void collectParameters(SimpleNode node, List<Object> found) {
    if (node == null) {
      return;
    }
    Object value = node.jjtGetValue();
    if ((value instanceof JdbcParameter || value instanceof JdbcNamedParameter)
        && (found.isEmpty() || found.get(found.size() - 1) != value)) {
      found.add(value);
    }
    for (int i = 0; i < node.jjtGetNumChildren(); i++) {
      collectParameters((SimpleNode) node.jjtGetChild(i), found);
    }
  }

  private static int kindOf(String image) {
    String[] images = CCJSqlParserConstants.tokenImage;
    for (int i = 0; i < images.length; i++) {
      if (images[i].equals(image)) {
        return i;
      }
    }
    throw new IllegalStateException("JSqlParser has no token " + image);
  }

  /** A tree element the parser recorded no source position for. */
  static final class Unlocatable extends Exception {
    private static final long serialVersionUID = 1L;

    Unlocatable(Object element) {
      super("the parser gives no source position for " + describe(element), null, false, false);
    }

    private static String describe(Object element) {
      return element == null ? "an element" : "'" + element + "' (" + element.getClass().getSimpleName() + ")";
    }
  }
}
