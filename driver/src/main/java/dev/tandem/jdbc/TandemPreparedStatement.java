package dev.tandem.jdbc;

import dev.tandem.rewrite.ParameterMap;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rules.RuleSet;
import java.io.InputStream;
import java.io.Reader;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final ParameterBinding[] NONE = new ParameterBinding[0];

  private final StatementPreparer preparer;
  private RewritePlan plan;
  private long revision;
  private ParameterBinding[] bindings = NONE;
  private List<ParameterBinding[]> batch;

  TandemPreparedStatement(TandemConnection connection, PreparedStatement delegate, Planned planned,
      StatementPreparer preparer) throws SQLException {
    super(connection, delegate);
    this.plan = planned.plan();
    this.revision = planned.revision();
    this.preparer = preparer;
  }

  /** The plan this statement executes now. */
  public RewritePlan plan() {
    return plan;
  }

  @Override
  protected void bind(int parameterIndex, ParameterBinding binding) throws SQLException {
    ParameterMap map = plan.parameters();
    if (map.isIdentity()) {
      binding.apply(prepared, parameterIndex);
    } else {
      for (int target : map.targetsOf(parameterIndex)) {
        binding.apply(prepared, target);
      }
    }
    if (parameterIndex >= bindings.length) {
      bindings = Arrays.copyOf(bindings, Math.max(parameterIndex + 1, bindings.length * 2));
    }
    bindings[parameterIndex] = binding;
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

  /** Plans the statement again if the rules changed since it was planned. */
  private void refresh() throws SQLException {
    RuleSet rules = connection.planner().rules();
    if (rules.revision() == revision) {
      return;
    }
    RewritePlan next = connection.planner().plan(plan.originalSql(), rules);
    if (next.sql().equals(plan.sql()) && next.parameters().equals(plan.parameters())) {
      plan = next;
      revision = rules.revision();
      return;
    }
    PreparedStatement fresh = preparer.prepare(next.sql());
    try {
      StatementSettings.copy(prepared, fresh);
      if (batch != null) {
        for (ParameterBinding[] row : batch) {
          apply(row, next.parameters(), fresh);
          fresh.addBatch();
        }
      }
      apply(bindings, next.parameters(), fresh);
    } catch (SQLException | RuntimeException e) {
      fresh.close();
      throw e;
    }
    PreparedStatement old = prepared;
    replaceDelegate(fresh);
    plan = next;
    revision = rules.revision();
    old.close();
  }

  private static void apply(ParameterBinding[] row, ParameterMap map, PreparedStatement target)
      throws SQLException {
    for (int i = 1; i < row.length; i++) {
      if (row[i] == null) {
        continue;
      }
      if (map.isIdentity()) {
        row[i].apply(target, i);
      } else {
        for (int t : map.targetsOf(i)) {
          row[i].apply(target, t);
        }
      }
    }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    refresh();
    return wrapResultSet(prepared.executeQuery());
  }

  @Override
  public int executeUpdate() throws SQLException {
    refresh();
    return prepared.executeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    refresh();
    return prepared.executeLargeUpdate();
  }

  @Override
  public boolean execute() throws SQLException {
    refresh();
    return prepared.execute();
  }

  @Override
  public void addBatch() throws SQLException {
    refresh();
    prepared.addBatch();
    if (batch == null) {
      batch = new ArrayList<>();
    }
    batch.add(bindings.clone());
  }

  @Override
  public int[] executeBatch() throws SQLException {
    refresh();
    try {
      return prepared.executeBatch();
    } finally {
      batch = null;
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    refresh();
    try {
      return prepared.executeLargeBatch();
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
    Arrays.fill(bindings, null);
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    ParameterMetaData metaData = prepared.getParameterMetaData();
    ParameterMap map = plan.parameters();
    return map.isIdentity() ? metaData : new MappedParameterMetaData(metaData, map);
  }
}
