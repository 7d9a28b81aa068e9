package dev.tandem.rewrite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tandem.dialect.Dialect;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.TableRename;
import dev.tandem.rules.Transform;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.schema.Table;

/**
 * A rule set prepared for one dialect: the no-parse table matcher and the lookup from a table as
 * SQL names it to the moves on it. Immutable; made once per rule set and dialect.
 */
final class CompiledRules {
  private static final long RENAME_TEMPLATES = 2_000;
  private final RuleSet rules;
  private final Dialect dialect;
  private final SqlLexer lexer;
  private final MovedTableMatcher matcher;
  /** The two names of every table rename, old then new, in rule order; {@code null} when there is none. */
  private final MovedTableMatcher renameMatcher;
  /**
   * Statements naming a renamed table, parsed: which name is the table changes with the schema, so their
   * plans are not shared (see {@code dev.tandem.jdbc.PlanCache}), but where the names sit in the text does not.
   */
  private final Cache<String, TableRenameRewriter.Template> renameTemplates =
      Caffeine.newBuilder().maximumSize(RENAME_TEMPLATES).build();
  private final List<MoveRule> readMoves;
  /** The two tables of every move to another table, in rule order; {@code null} when there is none. */
  private final MovedTableMatcher crossTableMatcher;
  /** The rules with the read moves of the moves to other tables ({@link CrossTableReads}), made when first asked. */
  private final java.util.concurrent.ConcurrentHashMap<Object, CompiledRules> crossTableReads =
      new java.util.concurrent.ConcurrentHashMap<>();

  CompiledRules(RuleSet rules, Dialect dialect) {
    this.rules = rules;
    this.dialect = dialect;
    this.lexer = SqlLexer.of(dialect);
    this.matcher = new MovedTableMatcher(rules, lexer);
    List<String> renamed = new ArrayList<>();
    for (TableRename rename : rules.renames()) {
      renamed.add(rename.table().table().name());
      renamed.add(rename.renameTo().table().name());
    }
    this.renameMatcher = renamed.isEmpty() ? null : new MovedTableMatcher(renamed, List.of(), lexer);
    List<String> crossed = new ArrayList<>();
    for (CrossTableMove move : rules.crossTableMoves()) {
      crossed.add(move.table().table().name());
      crossed.add(move.toTable().table().name());
    }
    this.crossTableMatcher = crossed.isEmpty() ? null : new MovedTableMatcher(crossed, List.of(), lexer);
    List<MoveRule> reads = new ArrayList<>();
    for (MoveRule move : rules.moves()) {
      if (PhaseTable.changesReads(move)) {
        reads.add(move);
      }
    }
    this.readMoves = List.copyOf(reads);
  }

  /** The moves whose phase changes some read ({@link PhaseTable#changesReads}). */
  List<MoveRule> readMoves() {
    return readMoves;
  }

  RuleSet rules() {
    return rules;
  }

  /** The database's dialect (its {@link Dialect#family()}: a lexical variant reads names alike). */
  Dialect dialect() {
    return dialect.family();
  }

  /** The dialect exactly as the connection has it, lexical variant included. */
  Dialect variant() {
    return dialect;
  }

  /** Reads text as the database does. */
  SqlLexer lexer() {
    return lexer;
  }

  MovedTableMatcher matcher() {
    return matcher;
  }

  /** The cached parse of a statement naming a renamed table ({@link TableRenameRewriter.Template}), or {@code null}. */
  TableRenameRewriter.Template renameTemplate(String sql) {
    return renameTemplates.getIfPresent(sql);
  }

  void cacheRenameTemplate(TableRenameRewriter.Template template) {
    renameTemplates.put(template.sql(), template);
  }

  /** A move to another table one of whose tables {@code sql} names as a word, or {@code null}; allocates nothing. */
  CrossTableMove crossTableMoveNamed(String sql) {
    if (crossTableMatcher == null) {
      return null;
    }
    int k = crossTableMatcher.namedIndex(sql);
    return k < 0 ? null : rules.crossTableMoves().get(k / 2);
  }

  /**
   * These rules with the read moves of the moves to other tables; for a statement writing
   * {@code writtenTable} (or {@code null}) without the read move on that table ({@link CrossTableReads}).
   */
  CompiledRules crossTableReads(TableName writtenTable) {
    Object key = writtenTable == null ? Boolean.TRUE : writtenTable;
    return crossTableReads.computeIfAbsent(key, k -> new CompiledRules(writtenTable == null
        ? CrossTableReads.readRules(rules, dialect.family())
        : CrossTableReads.forWritesTo(rules, dialect.family(), writtenTable), dialect));
  }

  /** A table rename one of whose names occurs in {@code sql} as a word, or {@code null}; allocates nothing. */
  TableRename renameNamed(String sql) {
    if (renameMatcher == null) {
      return null;
    }
    int k = renameMatcher.namedIndex(sql);
    return k < 0 ? null : rules.renames().get(k / 2);
  }

  /**
   * The moves on the table SQL names as {@code table} (schema-qualified or not), in rule order. A
   * move on a schema-qualified table applies to a name written without a schema only when the
   * connection's {@link SearchPath} resolves it to that schema; when it cannot be told, the
   * statement is refused.
   */
  List<MoveRule> movesOn(Table table, TableColumns columns) throws SQLException {
    String name = table.getName();
    if (name == null) {
      return List.of();
    }
    String schema = table.getSchemaName();
    String resolved = null;
    boolean resolvedYet = schema != null;
    List<MoveRule> found = null;
    for (MoveRule move : rules.moves()) {
      if (!resolvedYet && move.table().needsResolution(name, dialect())) {
        resolved = columns.searchPath().resolve(name, columns, dialect());
        resolvedYet = true;
        if (resolved == null) {
          throw unresolved(move, name, columns.searchPath());
        }
      }
      if (move.table().matches(schema, name, resolved, dialect())) {
        if (found == null) {
          found = new ArrayList<>(2);
        }
        found.add(move);
      }
    }
    return found == null ? List.of() : found;
  }

  /** Whether which moves apply to {@code table} depends on the search path: unqualified, and some move names it with a schema. */
  boolean resolvedBySearchPath(Table table) {
    if (table.getSchemaName() != null || table.getName() == null || !rules.namesSchemas()) {
      return false;
    }
    for (MoveRule move : rules.moves()) {
      if (move.table().needsResolution(table.getName(), dialect())) {
        return true;
      }
    }
    return false;
  }

  private static RewriteRefusedException unresolved(MoveRule move, String table, SearchPath path) {
    String why = path.isKnown()
        ? path.schemas().isEmpty() ? "the connection's search path has no schema"
            : "no schema on the connection's search path (" + path + ") has it"
        : path.unknownBecause();
    return new RewriteRefusedException(move.name(), "the statement names table " + table + " without a schema and "
        + "move " + move.name() + " applies to " + move.table() + " only, but which schema the name means cannot "
        + "be told: " + why + "; qualify the table or set the schema through Connection.setSchema/setCatalog");
  }

  /**
   * Why {@code transform} cannot be spliced into a statement, or {@code null}. A {@code ?} in a
   * rule's template would become a parameter marker the application never binds.
   */
  static String unusable(Transform transform) {
    return transform.template().indexOf('?') >= 0
        ? "its transform '" + transform.template() + "' contains '?', which would be a parameter marker"
        : null;
  }
}
