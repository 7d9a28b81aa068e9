package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableRename;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Tandem's {@link SqlRewriter}: applies the column moves of a rule set to the reads and writes of
 * a statement (SPEC §2–§6).
 *
 * <ol>
 *   <li>A statement whose text names no moved table is passed through unparsed
 *       ({@link StatementKind#UNPARSED}), the very same String.
 *   <li>DDL is passed through unparsed ({@link StatementKind#DDL}).
 *   <li>Everything else is parsed once ({@link SqlParser}); a statement that does not parse is
 *       refused, naming the move whose table it names.
 *   <li>Reads of a moved column are rewritten by {@link ReadRewriter} (in expand and contract).
 *   <li>Writes to a moved table are rewritten by {@link InsertRewriter}, {@link UpdateRewriter}
 *       and {@link MergeRewriter}, as edits spliced into the original text ({@link TextEdits}), and
 *       the markers renumbered ({@link MarkerNumbering}).
 * </ol>
 *
 * <p>Stateless apart from a one-entry cache of the rule set prepared for a dialect; safe for
 * concurrent use.
 */
public final class MoveRewriter implements SqlRewriter {
  private static final List<Map.Entry<Class<? extends Statement>, StatementKind>> KINDS = List.of(
      Map.entry(Select.class, StatementKind.SELECT), Map.entry(Insert.class, StatementKind.INSERT),
      Map.entry(Update.class, StatementKind.UPDATE), Map.entry(Delete.class, StatementKind.DELETE),
      Map.entry(Merge.class, StatementKind.MERGE), Map.entry(Upsert.class, StatementKind.UPSERT));
  private final SqlParser parser;
  private volatile CompiledRules compiled;

  /** A rewriter with the default parse limits (1 MiB of SQL, 2 s per parse attempt). */
  public MoveRewriter() {
    this(new SqlParser());
  }

  /**
   * A rewriter with explicit parse limits.
   *
   * @param maxSqlLength statements longer than this many characters that name a moved table are refused
   * @param parseTimeoutMillis how long one parse attempt may take before the statement is refused
   */
  public MoveRewriter(int maxSqlLength, long parseTimeoutMillis) {
    this(new SqlParser(maxSqlLength, parseTimeoutMillis));
  }

  private MoveRewriter(SqlParser parser) {
    this.parser = parser;
  }

  @Override
  public RewritePlan rewrite(String sql, RuleSet rules, Dialect dialect, TableColumns columns) throws SQLException {
    if (rules.isEmpty()) {
      return RewritePlan.passThrough(sql, StatementKind.UNPARSED);
    }
    CompiledRules prepared = prepare(rules, dialect);
    TableRename renamed = prepared.renameNamed(sql);
    if (renamed != null) {
      return redirected(sql, renamed, prepared, dialect, columns == null ? TableColumns.NONE : columns);
    }
    if (prepared.crossTableMoveNamed(sql) != null) {
      return crossTable(sql, prepared, dialect, columns == null ? TableColumns.NONE : columns);
    }
    return rewriteMoves(sql, prepared, dialect, columns);
  }

  /**
   * A statement naming a table of a move to another table (docs/behaviour.md §13): a write of the moved
   * column planned with its follow-up ({@link CrossTableWrites}); anything else has its reads of the moved
   * column rewritten as lookups of the other table ({@link CrossTableReads}).
   */
  private RewritePlan crossTable(String sql, CompiledRules prepared, Dialect dialect, TableColumns columns)
      throws SQLException {
    if (StatementText.isDdl(sql, prepared.lexer())) {
      return RewritePlan.passThrough(sql, StatementKind.DDL);
    }
    CrossTableMove named = prepared.crossTableMoveNamed(sql);
    ParsedStatement parsed = parsed(sql, dialect, named.name(), "the statement names table " + named.table()
        + " or " + named.toTable() + " but cannot be parsed, so it cannot be rewritten safely: ");
    CrossTableWrites.Decision decision;
    try {
      decision = CrossTableWrites.decide(parsed, prepared, columns);
    } catch (ParsedStatement.Unlocatable e) {
      throw new RewriteRefusedException(named.name(), e.getMessage(), e);
    }
    if (decision.plan() != null) {
      return decision.plan();
    }
    return rewriteMoves(sql, prepared.crossTableReads(decision.writtenTable()), dialect, columns);
  }

  /**
   * A statement naming a renamed table: its references sent to the name that is the table
   * ({@link TableRenameRewriter}), then the column moves applied to that text. The plan depends on
   * which name is the table, so it is marked as made from metadata: it is not shared, and it is made
   * again when the database reports a missing table.
   */
  private RewritePlan redirected(String sql, TableRename renamed, CompiledRules prepared, Dialect dialect,
      TableColumns columns) throws SQLException {
    TableRenameRewriter.Template template = prepared.renameTemplate(sql);
    if (template == null) {
      template = renameTemplate(sql, renamed, prepared, dialect);
      prepared.cacheRenameTemplate(template);
    }
    if (template.kind() == StatementKind.DDL) {
      return RewritePlan.passThrough(sql, StatementKind.DDL);
    }
    TableRenameRewriter.Result result = TableRenameRewriter.redirect(template, prepared.rules().renames(),
        prepared.dialect(), columns);
    RewritePlan moved = rewriteMoves(result.sql(), prepared, dialect, columns);
    List<String> applied = new ArrayList<>(result.applied());
    applied.addAll(moved.movesApplied());
    StatementKind kind = moved.kind() == StatementKind.UNPARSED ? template.kind() : moved.kind();
    String sent = moved.sql() == result.sql() && result.applied().isEmpty() ? sql : moved.sql();
    return new RewritePlan(sql, sent, moved.parameters(), kind, applied, true, moved.resultTypes());
  }

  /** Parses {@code sql} and finds where it names a renamed table; refuses what cannot be redirected soundly. */
  private TableRenameRewriter.Template renameTemplate(String sql, TableRename renamed, CompiledRules prepared,
      Dialect dialect) throws RewriteRefusedException {
    if (StatementText.isDdl(sql, prepared.lexer())) {
      return new TableRenameRewriter.Template(sql, List.of(), StatementKind.DDL);
    }
    ParsedStatement parsed = parsed(sql, dialect, renamed.name(), "the statement names table " + renamed.table()
        + " or " + renamed.renameTo() + " but cannot be parsed, so it cannot be sent to the table safely: ");
    try {
      return TableRenameRewriter.template(parsed, prepared.rules().renames(), prepared.dialect(),
          kindOf(parsed.statement()));
    } catch (ParsedStatement.Unlocatable e) {
      throw new RewriteRefusedException(renamed.name(), e.getMessage(), e);
    }
  }

  /** The kind of a parsed statement no column move changed. */
  private static StatementKind kindOf(Statement statement) {
    for (Map.Entry<Class<? extends Statement>, StatementKind> kind : KINDS) {
      if (kind.getKey().isInstance(statement)) {
        return kind.getValue();
      }
    }
    return StatementKind.OTHER;
  }

  private RewritePlan rewriteMoves(String sql, CompiledRules prepared, Dialect dialect, TableColumns columns)
      throws SQLException {
    TableColumns known = columns == null ? TableColumns.NONE : columns;
    MoveRule named = prepared.matcher().firstNamed(sql);
    ViewsOverMoves views = known.views().over(prepared);
    MoveRule namedView = views.firstNamed(sql);
    if (named == null) {
      named = namedView;
    }
    if (named == null) {
      return RewritePlan.passThrough(sql, StatementKind.UNPARSED);
    }
    if (StatementText.isDdl(sql, prepared.lexer())) {
      return RewritePlan.passThrough(sql, StatementKind.DDL);
    }
    if (prepared.dialect() == Dialect.H2) {
      RewritePlan delta = DeltaTables.rewrite(this, parser, sql, prepared.rules(), dialect, known, prepared.lexer(),
          named);
      if (delta != null) {
        return delta;
      }
    }
    ParsedStatement parsed = parsed(sql, dialect, named.name(), "the statement names table " + named.table()
        + " but cannot be parsed, so it cannot be rewritten safely: ");
    if (namedView != null) {
      views.check(parsed.statement(), known);
    }
    RewriteContext ctx = new RewriteContext(parsed, prepared, known);
    StatementKind kind;
    try {
      kind = dispatch(ctx, parsed.statement(), named);
    } catch (ParsedStatement.Unlocatable | Scope.AmbiguousColumn e) {
      MoveRule move = ctx.current() != null ? ctx.current() : named;
      throw new RewriteRefusedException(move.name(), e.getMessage(), e);
    }
    if (ctx.edits().isEmpty()) {
      return RewritePlan.passThrough(sql, kind);
    }
    return plan(ctx, sql, kind, named);
  }

  /** {@code sql} parsed, or refused for {@code move} with {@code why} and the parser's reason. */
  private ParsedStatement parsed(String sql, Dialect dialect, String move, String why) throws RewriteRefusedException {
    try {
      return parser.parse(sql, dialect);
    } catch (SqlParser.ParseFailure e) {
      throw new RewriteRefusedException(move, why + e.getMessage(), e);
    }
  }

  private static RewritePlan plan(RewriteContext ctx, String sql, StatementKind kind, MoveRule named)
      throws RewriteRefusedException {
    ParsedStatement parsed = ctx.parsed();
    MoveRule move = ctx.current() != null ? ctx.current() : named;
    if (parsed.unusualParameters() != null) {
      throw new RewriteRefusedException(move.name(), "the statement uses " + parsed.unusualParameters()
          + "; Tandem rewrites only statements with plain '?' markers");
    }
    String rewritten;
    try {
      rewritten = ctx.edits().apply(sql);
    } catch (IllegalStateException e) {
      throw new RewriteRefusedException(move.name(), "the rewrites of this statement collide: " + e.getMessage(), e);
    }
    ParameterMap parameters = MarkerNumbering.number(parsed.markers(), ctx.edits().sorted());
    if (parameters == null) {
      throw new RewriteRefusedException(move.name(), "a parameter of the statement would no longer be used "
          + "after the rewrite (a transform without its placeholder?)");
    }
    if (parameters.statementCount() > ctx.dialect().maxParameters()) {
      throw new RewriteRefusedException(move.name(), "the rewritten statement would have " + parameters.statementCount()
          + " parameter markers (the application's " + parsed.markers().length + " plus their copies for the second "
          + "column), more than the " + ctx.dialect().maxParameters() + " the database accepts in one statement; "
          + "send fewer values per statement");
    }
    return new RewritePlan(sql, rewritten, parameters, kind, ctx.appliedNames(), ctx.expandedFromMetadata(),
        ctx.resultTypes());
  }

  private static StatementKind dispatch(RewriteContext ctx, Statement statement, MoveRule named)
      throws SQLException, ParsedStatement.Unlocatable, Scope.AmbiguousColumn {
    for (WithItem<?> item : withItemsOf(statement)) {
      if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
        throw new RewriteRefusedException(named.name(), "the statement names table " + named.table()
            + " and has a data-modifying WITH clause (" + item.getAliasName() + "), which is not rewritten");
      }
    }
    // Reads first: a value the write side copies to a second column must read what the original reads.
    ReadRewriter.rewrite(ctx, statement);
    if (statement instanceof Insert insert) {
      return InsertRewriter.rewrite(ctx, insert);
    }
    if (statement instanceof Update update) {
      return UpdateRewriter.rewrite(ctx, update);
    }
    if (statement instanceof Merge merge) {
      return MergeRewriter.rewrite(ctx, merge);
    }
    if (statement instanceof Upsert upsert) {
      return InsertRewriter.rewrite(ctx, upsert);
    }
    if (statement instanceof Select) {
      return StatementKind.SELECT;
    }
    if (statement instanceof Delete) {
      return StatementKind.DELETE;
    }
    if (statement instanceof CreateTable || statement instanceof CreateIndex || statement instanceof CreateView
        || statement instanceof Alter || statement instanceof Drop || statement instanceof Truncate
        || statement instanceof Comment || statement instanceof Grant || statement instanceof Analyze) {
      return StatementKind.DDL;
    }
    if (statement instanceof SetStatement || statement instanceof ResetStatement || statement instanceof UseStatement
        || statement instanceof ShowStatement || statement instanceof ShowColumnsStatement
        || statement instanceof DescribeStatement || statement instanceof Commit
        || statement instanceof RollbackStatement || statement instanceof SavepointStatement) {
      return StatementKind.OTHER;
    }
    throw new RewriteRefusedException(named.name(), "the statement names table " + named.table() + " and is a "
        + statement.getClass().getSimpleName() + ", which Tandem cannot tell is safe; it may write one column "
        + "of the move and not the other");
  }

  static List<WithItem<?>> withItemsOf(Statement statement) {
    List<WithItem<?>> items = null;
    if (statement instanceof Select select) {
      items = select.getWithItemsList();
    } else if (statement instanceof Insert insert) {
      items = insert.getWithItemsList();
    } else if (statement instanceof Update update) {
      items = update.getWithItemsList();
    } else if (statement instanceof Delete delete) {
      items = delete.getWithItemsList();
    } else if (statement instanceof Merge merge) {
      items = merge.getWithItemsList();
    }
    return items == null ? List.of() : items;
  }

  @Override
  public boolean mayRewrite(String sql, RuleSet rules, Dialect dialect) {
    if (rules.isEmpty()) {
      return false;
    }
    CompiledRules prepared = prepare(rules, dialect);
    return prepared.matcher().firstNamed(sql) != null || prepared.renameNamed(sql) != null
        || prepared.crossTableMoveNamed(sql) != null;
  }

  @Override
  public MoveRule viewedMove(String sql, RuleSet rules, Dialect dialect, TableColumns columns) {
    if (rules.isEmpty() || columns == null) {
      return null;
    }
    return columns.views().over(prepare(rules, dialect)).firstNamed(sql);
  }

  private CompiledRules prepare(RuleSet rules, Dialect dialect) {
    CompiledRules current = compiled;
    if (current == null || current.rules() != rules || current.variant() != dialect) {
      current = new CompiledRules(rules, dialect);
      compiled = current;
    }
    return current;
  }
}
