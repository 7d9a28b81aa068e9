package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Phase;
import dev.tandem.rules.TableName;
import dev.tandem.rules.TableRename;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Sends every table reference of a statement that names a renamed table's missing name to the name
 * that is the table (docs/behaviour.md §11): {@code FROM}, {@code JOIN}, {@code INSERT INTO},
 * {@code UPDATE}, {@code DELETE}, {@code MERGE}, sub-selects, and the qualifiers of column references
 * ({@code conversation.id}, {@code conversation.*}) anywhere, {@code RETURNING} included. Only the
 * table name's own token is replaced, so the application's aliases, comments, markers and result
 * labels stay as written, and no statement becomes two.
 *
 * <p>Which name is the table is read from {@link TableColumns} (cached metadata, refreshed after DDL
 * and after the database reports a missing table): the old name until the rename migration runs,
 * the new one after. The old name may remain as a view over the new one; statements naming it are
 * then sent to the table. Refused (SQLState {@code 0A000}, naming the move): a statement where either
 * name is also a CTE or an alias (which one a reference means cannot be told from the text alone),
 * both names being tables (two physical copies that would drift apart), neither being one, and a
 * move in contract whose rename migration has not run.
 */
final class TableRenameRewriter {
  /** Where one rename stands in one database. */
  enum State {
    /** Only the old name is a table: the rename migration has not run. */
    OLD_TABLE,
    /** Only the new name exists: the migration has run. */
    NEW_TABLE,
    /** The new name is the table and the old one a (compatibility) view. */
    OLD_VIEW,
    /** Both names are tables: not a rename. */
    BOTH_TABLES,
    /** Neither name exists. */
    NEITHER
  }

  /**
   * The statement with its references redirected.
   *
   * @param sql the SQL to go on with; the same instance as the input when nothing was redirected
   * @param applied the names of the renames that changed it, in rule order
   */
  record Result(String sql, List<String> applied) {}

  /** One table name token of the statement that names one of a rename's two names. */
  private record Reference(TableRename rename, String schema, Token token) {}

  private TableRenameRewriter() {}

  /**
   * What parsing tells about one statement, independent of which name is the table: where each name
   * of a rename is a table reference. Cached by SQL text ({@link CompiledRules#renameTemplate}), so a
   * statement is parsed once however often it runs.
   *
   * @param sql the statement
   * @param sites the table-name tokens naming a rename's tables, in text order
   * @param kind the kind of statement
   */
  record Template(String sql, List<Site> sites, StatementKind kind) {}

  /** One table-name token, {@code [begin, end)}, naming {@code rename}'s old or new name, qualified by {@code schema} (or not). */
  record Site(int begin, int end, String asWritten, TableRename rename, String schema) {}

  /**
   * The template of {@code parsed} under {@code renames}.
   *
   * @throws RewriteRefusedException when a name is also a CTE or an alias
   */
  static Template template(ParsedStatement parsed, List<TableRename> renames, Dialect dialect, StatementKind kind)
      throws ParsedStatement.Unlocatable, RewriteRefusedException {
    Map<Token, Reference> references = new IdentityHashMap<>();
    List<Reference> ordered = new ArrayList<>();
    refuseShadowing(withNames(parsed.statement()), renames, dialect);
    collect(parsed.root(), renames, dialect, references, ordered);
    ordered.sort((a, b) -> Integer.compare(a.token().absoluteBegin, b.token().absoluteBegin));
    List<Site> sites = new ArrayList<>(ordered.size());
    for (Reference ref : ordered) {
      sites.add(new Site(ParsedStatement.begin(ref.token()), ParsedStatement.end(ref.token()), ref.token().image,
          ref.rename(), ref.schema()));
    }
    return new Template(parsed.sql(), List.copyOf(sites), kind);
  }

  /**
   * Redirects the sites of {@code template} to the name that is the table now, as {@code columns} says.
   *
   * @throws RewriteRefusedException when a reference cannot be redirected soundly
   */
  static Result redirect(Template template, List<TableRename> renames, Dialect dialect, TableColumns columns)
      throws SQLException {
    String sql = template.sql();
    if (template.sites().isEmpty()) {
      return new Result(sql, List.of());
    }
    // The name each (rename, schema as written) pair is sent to: the one that is the table.
    Map<List<Object>, Boolean> toNew = new HashMap<>();
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int at = 0;
    Set<String> applied = new HashSet<>();
    for (Site site : template.sites()) {
      String schema = site.schema();
      TableName named = site.rename().table().table().matches(site.asWritten(), dialect) ? site.rename().table()
          : site.rename().renameTo();
      if (schema == null && named.schema() != null) {
        String resolved = resolved(site.rename(), dialect, columns);
        if (!named.matches(null, site.asWritten(), resolved, dialect)) {
          continue; // the table of the same name in another schema
        }
        schema = dialect.quote(resolved);
      } else if (!named.matches(schema, site.asWritten(), null, dialect)) {
        continue;
      }
      List<Object> key = Arrays.asList(site.rename(), schema);
      Boolean sendToNew = toNew.get(key);
      if (sendToNew == null) {
        sendToNew = targetIsNew(site.rename(), schema, state(site.rename(), schema, dialect, columns));
        toNew.put(key, sendToNew);
      }
      TableName target = sendToNew ? site.rename().renameTo() : site.rename().table();
      if (target.table().matches(site.asWritten(), dialect)) {
        continue; // names the table already
      }
      out.append(sql, at, site.begin()).append(target.table().sql(dialect));
      at = site.end();
      applied.add(site.rename().name());
    }
    if (applied.isEmpty()) {
      return new Result(sql, List.of());
    }
    out.append(sql, at, sql.length());
    List<String> inRuleOrder = new ArrayList<>();
    for (TableRename rename : renames) {
      if (applied.contains(rename.name())) {
        inRuleOrder.add(rename.name());
      }
    }
    return new Result(out.toString(), inRuleOrder);
  }

  /**
   * The schema an unqualified name of {@code rename} (a rename of a schema-qualified table) means on the
   * connection's search path: where either name is found.
   */
  private static String resolved(TableRename rename, Dialect dialect, TableColumns columns) throws SQLException {
    SearchPath path = columns.searchPath();
    String found = path.resolve(rename.table().table().sql(dialect), columns, dialect);
    if (found == null) {
      found = path.resolve(rename.renameTo().table().sql(dialect), columns, dialect);
    }
    if (found == null) {
      throw new RewriteRefusedException(rename.name(), "the statement names table " + rename.table().table()
          + " or " + rename.renameTo().table() + " without a schema and move " + rename.name() + " applies to schema "
          + rename.table().schema() + " only, but which schema the name means cannot be told ("
          + (path.isKnown() ? "search path " + path : path.unknownBecause()) + "); qualify the table or set the"
          + " schema through Connection.setSchema/setCatalog");
    }
    return found;
  }

  /** Where {@code rename} stands, as {@code columns} (metadata) sees it, for tables named in {@code schema}. */
  static State state(TableRename rename, String schema, Dialect dialect, TableColumns columns) throws SQLException {
    if (!columns.knowsTables()) {
      return State.NEW_TABLE; // no database (tandem explain): show the redirect the rename is for
    }
    boolean oldExists = columns.columnsOf(schema, rename.table().table().sql(dialect)) != null;
    boolean newExists = columns.columnsOf(schema, rename.renameTo().table().sql(dialect)) != null;
    if (oldExists && newExists) {
      return columns.isView(schema, rename.table().table().sql(dialect)) ? State.OLD_VIEW
          : State.BOTH_TABLES;
    }
    return oldExists ? State.OLD_TABLE : newExists ? State.NEW_TABLE : State.NEITHER;
  }

  private static boolean targetIsNew(TableRename rename, String schema, State state) throws RewriteRefusedException {
    String where = schema == null ? "" : " in schema " + schema;
    switch (state) {
      case OLD_TABLE:
        if (rename.phase() == Phase.CONTRACT) {
          throw new RewriteRefusedException(rename.name(), "move " + rename.name() + " is in phase contract but "
              + rename.renameTo() + " does not exist" + where + " and " + rename.table() + " is still the table: run"
              + " the rename migration (ALTER TABLE " + rename.table() + " RENAME TO " + rename.renameTo().table()
              + ") before moving the rule to contract");
        }
        return false;
      case NEW_TABLE:
      case OLD_VIEW:
        return true;
      case BOTH_TABLES:
        throw new RewriteRefusedException(rename.name(), "both " + rename.table() + " and " + rename.renameTo()
            + " are tables" + where + ", so the statement could write one copy and not the other; a table rename"
            + " keeps exactly one table (ALTER TABLE ... RENAME TO, optionally leaving a view under the old name):"
            + " drop the copy");
      default:
        throw new RewriteRefusedException(rename.name(), "neither " + rename.table() + " nor " + rename.renameTo()
            + " exists" + where + " (as the connection's metadata sees them), so the statement cannot be sent to"
            + " the table");
    }
  }

  /** Collects the table-name tokens naming a rename's tables; refuses an alias that is one of the names. */
  private static void collect(SimpleNode node, List<TableRename> renames, Dialect dialect,
      Map<Token, Reference> references, List<Reference> ordered) throws ParsedStatement.Unlocatable,
      RewriteRefusedException {
    if (node == null) {
      return;
    }
    Object value = node.jjtGetValue();
    if (value instanceof FromItem item && item.getAlias() != null) {
      refuseShadowing(List.of(item.getAlias().getName()), renames, dialect);
    }
    if (value instanceof Select select) {
      refuseShadowing(withNames(select.getWithItemsList()), renames, dialect);
    }
    if (value instanceof Table table && table.getName() != null) {
      Token last = node.jjtGetLastToken();
      // The node of a table with an alias ends at the alias; its inner node ends at the name.
      if (last != null && last.image.equals(table.getName())) {
        add(last, table.getName(), table.getSchemaName(), renames, dialect, references, ordered);
      }
    } else if (value instanceof Column column && column.getTable() != null && column.getTable().getName() != null) {
      qualifier(node, column.getTable(), renames, dialect, references, ordered);
    } else if (value instanceof AllTableColumns star && star.getTable() != null && star.getTable().getName() != null) {
      qualifier(node, star.getTable(), renames, dialect, references, ordered);
    }
    for (int i = 0; i < node.jjtGetNumChildren(); i++) {
      collect((SimpleNode) node.jjtGetChild(i), renames, dialect, references, ordered);
    }
  }

  /** The table token of {@code t.col} or {@code t.*}: the third token from the end. */
  private static void qualifier(SimpleNode node, Table qualifier, List<TableRename> renames, Dialect dialect,
      Map<Token, Reference> references, List<Reference> ordered) throws ParsedStatement.Unlocatable {
    if (rename(qualifier.getName(), renames, dialect) == null) {
      return;
    }
    List<Token> tokens = new ArrayList<>();
    Token last = node.jjtGetLastToken();
    for (Token t = node.jjtGetFirstToken(); t != null; t = t.next) {
      tokens.add(t);
      if (t == last) {
        break;
      }
    }
    Token name = tokens.size() >= 3 ? tokens.get(tokens.size() - 3) : null;
    if (name == null || !name.image.equals(qualifier.getName())) {
      throw new ParsedStatement.Unlocatable(qualifier);
    }
    add(name, qualifier.getName(), qualifier.getSchemaName(), renames, dialect, references, ordered);
  }

  private static void add(Token token, String name, String schema, List<TableRename> renames, Dialect dialect,
      Map<Token, Reference> references, List<Reference> ordered) {
    TableRename rename = rename(name, renames, dialect);
    if (rename != null && !references.containsKey(token)) {
      Reference ref = new Reference(rename, schema, token);
      references.put(token, ref);
      ordered.add(ref);
    }
  }

  /** The rename one of whose names {@code asWritten} is, or {@code null}. */
  private static TableRename rename(String asWritten, List<TableRename> renames, Dialect dialect) {
    for (TableRename rename : renames) {
      if (rename.table().table().matches(asWritten, dialect) || rename.renameTo().table().matches(asWritten, dialect)) {
        return rename;
      }
    }
    return null;
  }

  private static void refuseShadowing(List<String> names, List<TableRename> renames, Dialect dialect)
      throws RewriteRefusedException {
    for (String name : names) {
      TableRename rename = name == null ? null : rename(name, renames, dialect);
      if (rename != null) {
        throw new RewriteRefusedException(rename.name(), "the statement uses " + name + " as a CTE or alias name,"
            + " which is also a name of table " + rename.table() + " being renamed to " + rename.renameTo().table()
            + "; which references mean the table cannot be told safely: use another alias");
      }
    }
  }

  private static List<String> withNames(Statement statement) {
    return withNames(MoveRewriter.withItemsOf(statement));
  }

  private static List<String> withNames(List<WithItem<?>> items) {
    if (items == null || items.isEmpty()) {
      return Collections.emptyList();
    }
    List<String> names = new ArrayList<>();
    for (WithItem<?> item : items) {
      names.add(item.getAliasName());
    }
    return names;
  }
}
