package dev.tandem.jdbc;

import dev.tandem.rewrite.ParameterMap;
import dev.tandem.rewrite.ResultTypes;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.SchemaChange;
import dev.tandem.rewrite.SearchPath;
import dev.tandem.rules.RuleSet;
import java.io.InputStream;
import java.io.Reader;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A vendor {@link PreparedStatement} prepared from Tandem's plan for the application's SQL.
 *
 * <p>Each {@code setXxx(i, …)} is applied on every statement index the plan maps the application's
 * index {@code i} to, and remembered. When the rules change between preparing and executing, the
 * statement is planned again at its next execution; if the SQL changes, a new vendor statement is
 * prepared, its settings copied, and the remembered parameters (and pending batch rows) applied
 * again, so the application never notices.
 */
public class TandemPreparedStatement extends PreparedStatementForwarder {
  private final StatementPreparer preparer;
  private RewritePlan plan;
  private long revision;
  /** The search path the plan was made for, {@code null} when no move names a schema. */
  private SearchPath path;
  /** {@link StatementPlanner#metadataEpoch()} when the plan was made. */
  private long epoch;
  /** What the statement does to the current schema each time it runs ({@code set_config(…)}). */
  private final SchemaChange schemaChange;
  /**
   * The parameters bound since the last {@code clearParameters}, for a re-prepared statement;
   * {@code null} until the first value is bound.
   */
  private ParameterValues values;
  private List<ParameterValues> batch;

  TandemPreparedStatement(TandemConnection connection, PreparedStatement delegate, Planned planned,
      StatementPreparer preparer) throws SQLException {
    super(connection, delegate);
    this.plan = planned.plan();
    this.revision = planned.revision();
    this.path = planned.path();
    this.epoch = connection.planner().metadataEpoch();
    this.preparer = preparer;
    this.schemaChange = connection.schemaChangeOf(plan.originalSql());
  }

  @Override
  String applicationSql() {
    return plan.originalSql();
  }

  @Override
  ResultTypes resultTypes() {
    return plan.resultTypes();
  }

  /** The plan this statement executes now. */
  public RewritePlan plan() {
    return plan;
  }

  @Override
  protected boolean direct() {
    return !connection.rulesCanChange() && plan.parameters().isIdentity();
  }

  @Override
  protected void bind(int parameterIndex, int setter, Object o1, Object o2, long n1, long n2) throws SQLException {
    ParameterValues.apply(prepared, plan.parameters(), parameterIndex, setter, o1, o2, n1, n2);
    if (values == null) {
      values = connection.takeSpareValues();
      if (values == null) {
        values = new ParameterValues();
      }
    }
    values.put(parameterIndex, setter, o1, o2, n1, n2);
  }

  private int fanOut(int parameterIndex) throws SQLException {
    ParameterMap map = plan.parameters();
    return map.isIdentity() ? 1 : map.targetsOf(parameterIndex).length;
  }

  @Override
  protected LobSource<InputStream> bytes(int parameterIndex, InputStream stream, long length) throws SQLException {
    return LobSource.bytes(stream, length, fanOut(parameterIndex));
  }

  @Override
  protected LobSource<Reader> chars(int parameterIndex, Reader reader, long length) throws SQLException {
    return LobSource.chars(reader, length, fanOut(parameterIndex));
  }

  /**
   * Plans the statement again if the rules changed since it was planned, the connection read its
   * table metadata or views again (DDL through Tandem, or views changed outside it, seen within
   * {@code tandem.viewRecheckMs}), or the connection's search path did under rules with a move on a
   * schema-qualified table: the plan made for one tenant's schema is never executed in another's.
   * Else asks the statement gate (the fleet lease) again.
   */
  private void refresh() throws SQLException {
    StatementPlanner planner = connection.planner();
    RuleSet rules = planner.rules();
    planner.recheckViews(rules);
    if (rules.revision() != revision || planner.metadataEpoch() != epoch
        || (rules.namesSchemas() && !planner.searchPath(rules).equals(path))) {
      replan(rules);
    } else {
      planner.admitAgain(plan.originalSql(), rules);
    }
    if (schemaChange.kind() != SchemaChange.Kind.NONE) {
      connection.executing(schemaChange);
    }
  }

  /** Plans the statement under {@code rules}; re-prepares and re-binds when its SQL changes. */
  private void replan(RuleSet rules) throws SQLException {
    SearchPath nextPath = connection.planner().searchPath(rules);
    RewritePlan next = connection.plan(plan.originalSql(), rules);
    if (next.sql().equals(plan.sql()) && next.parameters().equals(plan.parameters())) {
      plan = next;
      revision = rules.revision();
      path = nextPath;
      epoch = connection.planner().metadataEpoch();
      return;
    }
    PreparedStatement fresh = preparer.prepare(next.sql());
    try {
      StatementSettings.copy(prepared, fresh);
      if (batch != null) {
        for (ParameterValues row : batch) {
          row.applyTo(fresh, next.parameters());
          fresh.addBatch();
        }
      }
      if (values != null) {
        values.applyTo(fresh, next.parameters());
      }
    } catch (SQLException | RuntimeException e) {
      fresh.close();
      throw e;
    }
    PreparedStatement old = prepared;
    replaceDelegate(fresh);
    plan = next;
    revision = rules.revision();
    path = nextPath;
    epoch = connection.planner().metadataEpoch();
    old.close();
  }

  /** One of the vendor statement's no-argument executions. */
  @FunctionalInterface
  private interface Execution<R> {
    R run(PreparedStatement vendor) throws SQLException;
  }

  /**
   * Runs {@code execution} under the rules in force, and once more if the database reports an
   * unknown column in a plan made from stale table metadata (see {@link #recover}).
   */
  private <R> R run(Execution<R> execution) throws SQLException {
    refresh();
    if (plan.hasFollowUps()) {
      ParameterValues bound = values == null ? new ParameterValues() : values;
      return FollowUpRunner.run(prepared.getConnection(), prepared, plan, () -> execution.run(prepared),
          bound::applyTo);
    }
    try {
      return execution.run(prepared);
    } catch (SQLException e) {
      recover(e);
      return execution.run(prepared);
    }
  }

  /**
   * Returns normally when {@code failure} came from a plan expanded from table metadata that a
   * migration has since changed, and the statement has been re-prepared from fresh metadata;
   * otherwise throws {@code failure}. Inside a transaction the metadata is refreshed but the
   * statement not retried: the failure may have aborted the transaction, which the application
   * must run again.
   */
  private void recover(SQLException failure) throws SQLException {
    connection.failed(failure);
    if (!plan.expandedFromMetadata() || !UnknownColumn.is(failure)) {
      throw failure;
    }
    connection.invalidateMetadata();
    String before = plan.sql();
    replan(connection.planner().rules());
    if (plan.sql().equals(before) || !connection.getAutoCommit()) {
      throw failure;
    }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return wrapResultSet(run(PreparedStatement::executeQuery));
  }

  @Override
  public int executeUpdate() throws SQLException {
    return run(PreparedStatement::executeUpdate);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return run(PreparedStatement::executeLargeUpdate);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(PreparedStatement::execute);
  }

  @Override
  public void addBatch() throws SQLException {
    refresh();
    if (plan.hasFollowUps()) {
      throw FollowUpRunner.batchRefused(plan);
    }
    prepared.addBatch();
    if (batch == null) {
      batch = new ArrayList<>();
    }
    batch.add(values == null ? new ParameterValues() : values.copy());
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return runBatch(PreparedStatement::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return runBatch(PreparedStatement::executeLargeBatch);
  }

  /**
   * A batch is never retried: part of it may have run. After an unknown column in a plan made from
   * stale metadata, the metadata is dropped so the next execution is planned afresh.
   */
  private <R> R runBatch(Execution<R> execution) throws SQLException {
    refresh();
    try {
      return execution.run(prepared);
    } catch (SQLException e) {
      connection.failed(e);
      if (plan.expandedFromMetadata() && UnknownColumn.is(e)) {
        connection.invalidateMetadata();
        revision = -1;
      }
      throw e;
    } finally {
      batch = null;
    }
  }

  @Override
  public void clearBatch() throws SQLException {
    prepared.clearBatch();
    batch = null;
  }

  @Override
  public void clearParameters() throws SQLException {
    prepared.clearParameters();
    if (values != null) {
      values.clear();
    }
  }

  /** Closes the vendor statement and gives the value store to the connection's next statement. */
  @Override
  public void close() throws SQLException {
    try {
      super.close();
    } finally {
      ParameterValues done = values;
      values = null;
      if (done != null && done.small()) {
        done.clear();
        connection.keepSpareValues(done);
      }
    }
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    ParameterMetaData metaData = prepared.getParameterMetaData();
    ParameterMap map = plan.parameters();
    return map.isIdentity() ? metaData : new MappedParameterMetaData(metaData, map);
  }
}
