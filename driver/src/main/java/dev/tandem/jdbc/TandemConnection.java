package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.jdbc.PlanCache;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.RewriteRefusedException;
import dev.tandem.rewrite.SchemaChange;
import dev.tandem.rewrite.SearchPath;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rewrite.StatementGate;
import dev.tandem.jdbc.StatementPlanner;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.SchemaState;
import dev.tandem.rules.SchemaStates;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A vendor {@link Connection} behind Tandem. Every statement it creates is a Tandem statement, and
 * every method that takes SQL goes through {@link #plan(String)}, the single rewrite hook.
 *
 * <p>{@code unwrap(Connection.class)} returns this Tandem connection, not the vendor one: code that
 * unwraps to the JDBC interface (pools, frameworks) must keep getting rewriting. To reach vendor
 * features, unwrap to the vendor's own type ({@code unwrap(PGConnection.class)}); statements made
 * on a vendor connection obtained that way bypass Tandem.
 *
 * <p>Before a statement is planned, its {@link SchemaGate} notices DDL and refuses statements on
 * the table of a move the schema does not fit; after, the {@link StatementLog} (when switched on)
 * records the plan. A statement the rewriter refuses is planned once more from freshly read table
 * metadata when the metadata in use is more than a second old: a column added behind Tandem's back
 * ({@code INSERT} without a column list) is then seen.
 *
 * <p>Its {@link CurrentSchema} follows where unqualified table names go: {@code setSchema},
 * {@code setCatalog}, statements that change the schema ({@code SET search_path}, {@code USE}) and
 * the end of transactions that did. Statements are planned for that schema where a move names its
 * table with a schema; a prepared statement executed under another schema than it was planned for
 * is planned again.
 */
public final class TandemConnection extends ConnectionForwarder {
  /** Metadata older than this is re-read before a refusal is final. */
  private static final long STALE_METADATA_NANOS = 1_000_000_000L;

  private final StatementPlanner planner;
  private final MetadataTableColumns columns;
  private final Runnable onClose;
  private final boolean rulesCanChange;
  private final SchemaGate gate;
  private final boolean statementLog;
  private final CurrentSchema currentSchema;
  private boolean closed;
  /**
   * How {@code prepareStatement(sql)} and {@code prepareCall(sql)}, the forms without options (what
   * ORMs call), prepare on the vendor connection: made once per connection, where a lambda per call
   * would allocate one (it captures the connection) for every statement prepared.
   */
  private final StatementPreparer preparerWithoutOptions = s -> delegate.prepareStatement(s);
  private final StatementPreparer callPreparerWithoutOptions = s -> delegate.prepareCall(s);
  /**
   * A closed prepared statement's value store, for the connection's next one, so that preparing per
   * call (as ORMs without a statement cache do) does not allocate a store per statement. Taken with
   * an atomic swap: two statements used from two threads never share one. (It was a thread-local;
   * its look-ups were 6% of such a prepare's time.)
   */
  private final AtomicReference<ParameterValues> spareValues = new AtomicReference<>();

  private TandemConnection(Connection delegate, StatementPlanner planner, MetadataTableColumns columns,
      boolean rulesCanChange, Runnable onClose, SchemaGate gate, boolean statementLog, CurrentSchema currentSchema) {
    super(delegate);
    this.currentSchema = currentSchema;
    this.rulesCanChange = rulesCanChange;
    this.planner = planner;
    this.columns = columns;
    this.onClose = onClose;
    this.gate = gate;
    this.statementLog = statementLog;
  }

  /**
   * Wraps a vendor connection.
   *
   * @param vendor the vendor connection
   * @param config Tandem's settings
   * @param dialect the database's dialect
   * @param rules the rules in force (read on every statement)
   * @param rulesCanChange {@code false} when the connection has no rule source, so its rules are
   *     empty for good and prepared statements need not remember their parameters
   * @param rewriter the rewrite function
   * @param cache plans shared by the connections that use the same rules
   * @param metrics where to count statements
   * @param onClose run once when the connection is closed (releases the rule source)
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect dialect,
      Supplier<RuleSet> rules, boolean rulesCanChange, SqlRewriter rewriter, PlanCache cache, TandemMetrics metrics,
      Runnable onClose) throws SQLException {
    return wrap(vendor, config, dialect, rules, rulesCanChange, rewriter, cache, metrics, onClose, null, null);
  }

  /**
   * Wraps a vendor connection whose moves are checked against the schema.
   *
   * @param schema the database's shared schema state, or {@code null} for none
   * @param owner where the state is given back when the connection closes
   * @see #wrap(Connection, TandemConfig, Dialect, Supplier, boolean, SqlRewriter, PlanCache, TandemMetrics, Runnable)
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect dialect,
      Supplier<RuleSet> rules, boolean rulesCanChange, SqlRewriter rewriter, PlanCache cache, TandemMetrics metrics,
      Runnable onClose, SchemaState schema, SchemaStates owner) throws SQLException {
    return wrap(vendor, config, dialect, rules, rulesCanChange, rewriter, cache, metrics, onClose, schema, owner,
        StatementGate.OPEN);
  }

  /**
   * Wraps a vendor connection whose statements on moved tables pass {@code gate} first (the fleet lease).
   *
   * @see #wrap(Connection, TandemConfig, Dialect, Supplier, boolean, SqlRewriter, PlanCache, TandemMetrics,
   *     Runnable, SchemaState, SchemaStates)
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect dialect,
      Supplier<RuleSet> rules, boolean rulesCanChange, SqlRewriter rewriter, PlanCache cache, TandemMetrics metrics,
      Runnable onClose, SchemaState schema, SchemaStates owner, StatementGate statementGate) throws SQLException {
    CurrentSchema currentSchema = new CurrentSchema(vendor, dialect);
    MetadataTableColumns columns = new MetadataTableColumns(vendor, dialect,
        schema == null ? () -> 0L : schema::generation, currentSchema::path);
    columns.views().recheckEvery(config.viewRecheckInterval());
    StatementPlanner planner = new StatementPlanner(rules, dialect, rewriter, columns,
        config.onUnparseablePassThrough(), cache, metrics, statementGate);
    SchemaGate gate = schema == null ? null
        : new SchemaGate(schema, owner, vendor, rules, config.schemaCheck(), columns, dialect);
    return new TandemConnection(vendor, planner, columns, rulesCanChange, onClose, gate, config.statementLog(),
        currentSchema);
  }

  /** The rewrite hook: the plan for {@code sql} under the rules in force now. */
  public RewritePlan plan(String sql) throws SQLException {
    return plan(sql, planner.rules());
  }

  /**
   * The plan for {@code sql} under {@code rules}, through the schema gate and into the statement
   * log: what every statement that is sent goes through.
   */
  RewritePlan plan(String sql, RuleSet rules) throws SQLException {
    if (gate != null && sql != null) {
      gate.before(sql);
    }
    SchemaChange change = schemaChange(sql);
    RewritePlan plan;
    try {
      plan = planner.plan(sql, rules);
    } catch (RewriteRefusedException e) {
      if (!columns.readBefore(System.nanoTime() - STALE_METADATA_NANOS)) {
        throw e;
      }
      columns.invalidate();
      plan = planner.plan(sql, rules);
    } finally {
      currentSchema.planned(change);
    }
    if (statementLog) {
      StatementLog.log(plan);
    }
    return plan;
  }

  /**
   * The SQL to send for {@code sql} on a plain statement: {@link #plan(String, RuleSet)}, except
   * that with the statement log off a statement naming no moved table is not planned at all.
   */
  String sqlFor(String sql) throws SQLException {
    if (statementLog || sql == null) {
      return plan(sql, planner.rules()).sql();
    }
    if (gate != null) {
      gate.before(sql);
    }
    SchemaChange change = schemaChange(sql);
    try {
      return planner.sqlFor(sql);
    } catch (RewriteRefusedException e) {
      if (!columns.readBefore(System.nanoTime() - STALE_METADATA_NANOS)) {
        throw e;
      }
      columns.invalidate();
      return planner.sqlFor(sql);
    } finally {
      currentSchema.planned(change);
    }
  }

  /**
   * What {@code sql}, about to be planned, does to the current schema; a text that changes it and
   * goes on with more statements is planned as if the schema were unknown. Statements of a
   * connection without a rule source are not looked at: its rules are empty for good.
   */
  private SchemaChange schemaChange(String sql) {
    if (sql == null || !rulesCanChange) {
      return SchemaChange.NONE;
    }
    SchemaChange change = currentSchema.of(sql);
    if (change.midway()) {
      currentSchema.planningMidway();
    }
    return change;
  }

  /**
   * The SQL to add to a plain statement's batch for {@code sql}. Under rules with a move on a
   * schema-qualified table a statement that changes the schema is refused: the batch's statements
   * are planned when added, before any of them runs, so those after it would be planned for the
   * schema before the change.
   */
  String sqlForBatch(String sql) throws SQLException {
    SchemaChange.Kind kind = schemaChangeOf(sql).kind();
    if ((kind == SchemaChange.Kind.CHANGES || kind == SchemaChange.Kind.SETS_H2_SEARCH_PATH)
        && planner.rules().namesSchemas()) {
      throw new RewriteRefusedException(null, "a statement that changes the current schema cannot be part of a "
          + "batch while moves name schema-qualified tables (the batch's other statements are planned before it "
          + "runs); execute it on its own");
    }
    return sqlFor(sql);
  }

  /**
   * The search path a plain statement's batch is planned for now, refusing when it is not
   * {@code pending}, the path the batch's earlier statements were planned for: they would run in
   * another schema than they were planned for. {@code null} when no move names a schema.
   */
  SearchPath batchPath(SearchPath pending) throws SQLException {
    SearchPath now = planner.searchPath(planner.rules());
    if (pending != null && now != null && !pending.equals(now)) {
      throw new RewriteRefusedException(null, "the connection's current schema changed from " + pending + " to " + now
          + " while a batch was pending; its statements were planned for " + pending + ". Execute the batch before "
          + "switching schema");
    }
    return now;
  }

  /** A prepared statement whose SQL does {@code change} to the schema is about to run (again). */
  void executing(SchemaChange change) {
    currentSchema.planned(change);
  }

  /** What {@code sql} does to the current schema when it runs (for prepared statements, which run more than once). */
  SchemaChange schemaChangeOf(String sql) {
    return sql == null || !rulesCanChange ? SchemaChange.NONE : currentSchema.of(sql);
  }

  /** The value store a closed prepared statement left, now the caller's, or {@code null}. */
  ParameterValues takeSpareValues() {
    return spareValues.getAndSet(null);
  }

  /** Keeps {@code values}, cleared and no longer used by its statement, for the next prepared statement. */
  void keepSpareValues(ParameterValues values) {
    spareValues.set(values);
  }

  /** Whether a rule source is attached, so the rules in force may change while statements are open. */
  boolean rulesCanChange() {
    return rulesCanChange;
  }

  /** This connection's planner (its rules, dialect and rewriter). */
  public StatementPlanner planner() {
    return planner;
  }

  /** The dialect this connection rewrites for. */
  public Dialect dialect() {
    return planner.dialect();
  }

  private Planned planned(String sql) throws SQLException {
    RuleSet rules = planner.rules();
    SearchPath path = planner.searchPath(rules);
    return new Planned(plan(sql, rules), rules.revision(), path);
  }

  private PreparedStatement prepared(String sql, StatementPreparer preparer) throws SQLException {
    Planned planned = planned(sql);
    return new TandemPreparedStatement(this, vendorPrepared(planned, preparer), planned, preparer);
  }

  private CallableStatement callable(String sql, StatementPreparer preparer) throws SQLException {
    Planned planned = planned(sql);
    return new TandemCallableStatement(this, (CallableStatement) vendorPrepared(planned, preparer), planned, preparer);
  }

  private PreparedStatement vendorPrepared(Planned planned, StatementPreparer preparer) throws SQLException {
    try {
      return preparer.prepare(planned.plan().sql());
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * {@code failure}, once the connection has taken note of it: a statement that failed because a table
   * is missing may name a view that someone creates later, outside Tandem (the names it used were looked
   * up while it did not exist), so the view catalogue forgets what it read and which names it looked up.
   */
  SQLException failed(SQLException failure) {
    if (UnknownColumn.isTable(failure)) {
      columns.views().invalidate();
    }
    return failure;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new TandemStatement(this, delegate.createStatement());
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return new TandemStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency));
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return new TandemStatement(this,
        delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepared(sql, preparerWithoutOptions);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepared(sql, s -> delegate.prepareStatement(s, autoGeneratedKeys));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepared(sql, s -> delegate.prepareStatement(s, columnIndexes));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepared(planner.withGeneratedKeys(sql, columnNames), s -> delegate.prepareStatement(s, columnNames));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return prepared(sql, s -> delegate.prepareStatement(s, resultSetType, resultSetConcurrency));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return prepared(sql,
        s -> delegate.prepareStatement(s, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return callable(sql, callPreparerWithoutOptions);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return callable(sql, s -> delegate.prepareCall(s, resultSetType, resultSetConcurrency));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return callable(sql, s -> delegate.prepareCall(s, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return delegate.nativeSQL(planner.sqlFor(sql));
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new TandemDatabaseMetaData(this, delegate.getMetaData());
  }

  /**
   * After {@code sent}, the plan of {@code sql}, failed with {@code failure}: the SQL to try once
   * more, or {@code null}. Only an unknown-column error can mean that cached metadata went stale
   * under a plan that was expanded from it; the metadata is then re-read and, when that changes the
   * SQL and auto-commit is on (so nothing else of a transaction is lost), the new SQL is returned.
   */
  String replanAfterUnknownColumn(String sql, String sent, SQLException failure) throws SQLException {
    if (!UnknownColumn.is(failure)) {
      return null;
    }
    columns.invalidate();
    RewritePlan again = plan(sql);
    if (!again.expandedFromMetadata() || again.sql().equals(sent) || !delegate.getAutoCommit()) {
      return null;
    }
    return again.sql();
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    try {
      delegate.setSchema(schema);
    } finally {
      currentSchema.changed();
    }
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    try {
      delegate.setCatalog(catalog);
    } finally {
      currentSchema.changed();
    }
  }

  @Override
  public void commit() throws SQLException {
    try {
      delegate.commit();
    } finally {
      currentSchema.transactionEnded();
    }
  }

  @Override
  public void rollback() throws SQLException {
    try {
      delegate.rollback();
    } finally {
      currentSchema.transactionEnded();
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    try {
      delegate.rollback(savepoint);
    } finally {
      currentSchema.rolledBackToSavepoint();
    }
  }

  /** Turning auto-commit on commits the transaction. */
  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    try {
      delegate.setAutoCommit(autoCommit);
    } finally {
      if (autoCommit) {
        currentSchema.transactionEnded();
      }
    }
  }

  /** Forgets cached table metadata; called when the rules change. */
  /** The connection's table metadata and current schema, for gates that judge SQL text without planning it. */
  MetadataTableColumns tableColumns() {
    return columns;
  }

  void invalidateMetadata() {
    columns.invalidate();
  }

  @Override
  public void close() throws SQLException {
    try {
      delegate.close();
    } finally {
      if (!closed) {
        closed = true;
        if (gate != null) {
          gate.close();
        }
        onClose.run();
      }
    }
  }

  @Override
  public String toString() {
    return "Tandem" + delegate;
  }
}
