package dev.tandem.jdbc;

import dev.tandem.rewrite.GeneratedKeyNames;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.RewriteRefusedException;
import dev.tandem.rewrite.SearchPath;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rewrite.StatementGate;
import dev.tandem.rewrite.StatementKind;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.dialect.Dialect;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The one place where SQL meets the rules: every JDBC method that takes SQL asks a connection's
 * planner for a {@link RewritePlan}. It reads the rules in force, asks the {@link SqlRewriter} and
 * applies the {@code tandem.onUnparseable} policy.
 */
public final class StatementPlanner {
  private static final System.Logger LOG = System.getLogger(StatementPlanner.class.getName());

  private final Supplier<RuleSet> rules;
  private final Dialect dialect;
  private final SqlRewriter rewriter;
  private final TableColumns columns;
  private final boolean passThroughRefused;
  private final PlanCache cache;
  private final TandemMetrics metrics;
  private final LongAdder refusedButPassedThrough = new LongAdder();
  private final StatementGate gate;
  /**
   * The connection's recent plans, by SQL hash (a direct-mapped table): a statement prepared again
   * and again is answered without the whole-word scan for moved tables, without a plan-cache key and
   * without a new pass-through plan, so a repeated prepare allocates nothing here. Entries are
   * immutable and name the rule set and search path they were made under, so a racing reader never
   * gets a plan for other rules.
   */
  private final Recent[] recent = new Recent[RECENT_SLOTS];
  private static final int RECENT_SLOTS = 64;

  /** A plan made under {@code rules} for {@code path}; {@code scanned}: the scan found no moved table. */
  private record Recent(RuleSet rules, SearchPath path, RewritePlan plan, boolean scanned, long epoch) {}

  /**
   * @param rules the rules in force, read on every statement (a volatile read)
   * @param dialect the database's dialect
   * @param rewriter the rewrite function
   * @param columns table metadata for {@code INSERT} without columns and {@code SELECT *}
   * @param passThroughRefused {@code tandem.onUnparseable=passthrough}: send statements the rewriter
   *     refuses as they are, instead of failing them
   * @param cache plans shared with other connections on the same rules
   * @param metrics where to count statements
   */
  public StatementPlanner(Supplier<RuleSet> rules, Dialect dialect, SqlRewriter rewriter, TableColumns columns,
      boolean passThroughRefused, PlanCache cache, TandemMetrics metrics) {
    this(rules, dialect, rewriter, columns, passThroughRefused, cache, metrics, StatementGate.OPEN);
  }

  /**
   * @param gate asked before every statement that may name a moved table is planned
   * @see #StatementPlanner(Supplier, Dialect, SqlRewriter, TableColumns, boolean, PlanCache, TandemMetrics)
   */
  public StatementPlanner(Supplier<RuleSet> rules, Dialect dialect, SqlRewriter rewriter, TableColumns columns,
      boolean passThroughRefused, PlanCache cache, TandemMetrics metrics, StatementGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
    this.columns = Objects.requireNonNull(columns, "columns");
    this.passThroughRefused = passThroughRefused;
    this.cache = Objects.requireNonNull(cache, "cache");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The rules in force now. */
  public RuleSet rules() {
    return rules.get();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Plans {@code sql} under the rules in force now. */
  public RewritePlan plan(String sql) throws SQLException {
    return plan(sql, rules.get());
  }

  /**
   * The SQL to send for {@code sql} under the rules in force now. A statement that names no moved
   * table comes back as the same String, found without parsing and without allocating.
   */
  public String sqlFor(String sql) throws SQLException {
    RuleSet ruleSet = rules.get();
    recheckViews(ruleSet);
    Recent known = sql == null ? null : recent(sql, ruleSet);
    if (known != null && known.scanned) {
      metrics.passedThroughUnparsed();
      return sql;
    }
    if (sql != null && known == null) {
      admitNames(sql, ruleSet);
    }
    if (sql != null && known == null && !rewriter.mayRewrite(sql, ruleSet, dialect)
        && rewriter.viewedMove(sql, ruleSet, dialect, columns) == null) {
      remember(ruleSet, null, RewritePlan.passThrough(sql, StatementKind.UNPARSED), true);
      metrics.passedThroughUnparsed();
      return sql;
    }
    return plan(sql, ruleSet).sql();
  }

  /**
   * Asks the gate about {@code sql}, planned before under {@code ruleSet}, as it runs again (a prepared
   * statement's next execution): the gate's answer may have changed since it was planned.
   */
  public void admitAgain(String sql, RuleSet ruleSet) throws SQLException {
    if (gate != StatementGate.OPEN && !ruleSet.isEmpty()) {
      gate.admit(sql, ruleSet);
    }
  }

  /** Plans {@code sql} under {@code ruleSet}. */
  public RewritePlan plan(String sql, RuleSet ruleSet) throws SQLException {
    if (sql == null) {
      throw new SQLException("SQL must not be null", "HY009");
    }
    recheckViews(ruleSet);
    Recent known = recent(sql, ruleSet);
    if (known != null && known.scanned) {
      if (!ruleSet.isEmpty()) {
        metrics.passedThroughUnparsed();
      }
      return known.plan;
    }
    // Views over moved tables come from this connection's catalogue, which may change: such plans are not remembered.
    if (known == null) {
      admitNames(sql, ruleSet);
    }
    boolean namesView = known == null && !ruleSet.isEmpty()
        && rewriter.viewedMove(sql, ruleSet, dialect, columns) != null;
    if (known == null && !namesView && (ruleSet.isEmpty() || !rewriter.mayRewrite(sql, ruleSet, dialect))) {
      if (!ruleSet.isEmpty()) {
        metrics.passedThroughUnparsed();
      }
      RewritePlan plan = RewritePlan.passThrough(sql, StatementKind.UNPARSED);
      remember(ruleSet, null, plan, true);
      return plan;
    }
    gate.admit(sql, ruleSet);
    // Where a move names a schema, the plan depends on where the connection's unqualified names go.
    SearchPath path = searchPath(ruleSet);
    if (known != null && Objects.equals(known.path, path)) {
      cache.recordRecentHit();
      metrics.planned(known.plan.kind().name(), known.plan.movesApplied(), true, 0L);
      return known.plan;
    }
    // A plan made for another database's views cannot be taken for a statement naming a view over a moved table here.
    RewritePlan cached = namesView ? null : cache.get(sql, ruleSet.revision(), dialect, path);
    if (cached != null) {
      remember(ruleSet, path, cached, false);
      metrics.planned(cached.kind().name(), cached.movesApplied(), true, 0L);
      return cached;
    }
    long start = System.nanoTime();
    try {
      RewritePlan plan = rewriter.rewrite(sql, ruleSet, dialect, columns);
      cache.put(ruleSet.revision(), dialect, path, plan);
      if (!plan.expandedFromMetadata() && !namesView) {
        remember(ruleSet, path, plan, false);
      }
      metrics.planned(plan.kind().name(), plan.movesApplied(), false, System.nanoTime() - start);
      return plan;
    } catch (RewriteRefusedException e) {
      metrics.refused(e.move(), passThroughRefused);
      if (!passThroughRefused) {
        throw e;
      }
      refusedButPassedThrough.increment();
      LOG.log(Level.WARNING, "tandem.onUnparseable=passthrough: sending a statement Tandem refused ({0})",
          e.getMessage());
      return RewritePlan.passThrough(sql, StatementKind.UNPARSED);
    }
  }

  /**
   * Looks the names of {@code sql} not looked up before in the database's views, so that a view created
   * outside Tandem since the catalogue was read (a migration tool, another application) is seen before
   * a statement through it is judged; the statement is then planned afresh (the catalogue, and with it
   * the connection's recent plans, are forgotten).
   */
  private void admitNames(String sql, RuleSet ruleSet) {
    if (!ruleSet.isEmpty()) {
      columns.views().admit(sql, dialect);
    }
  }

  /**
   * Reads the connection's views again once they have been trusted for {@code tandem.viewRecheckMs}, so
   * that a view created or replaced outside Tandem under a name already looked up is seen; when they
   * changed, the connection's recent plans, and the plans of its prepared statements, are made again.
   */
  public void recheckViews(RuleSet ruleSet) {
    if (!ruleSet.isEmpty()) {
      columns.views().recheckIfDue();
    }
  }

  /**
   * Changes whenever what this connection's plans were made from (its table metadata, its views) is
   * read again: a prepared statement planned under another epoch is planned again before it runs.
   */
  public long metadataEpoch() {
    return columns.epoch();
  }

  /** The recent plan for {@code sql} under {@code ruleSet} (any search path), or {@code null}. */
  private Recent recent(String sql, RuleSet ruleSet) {
    Recent r = recent[sql.hashCode() & (RECENT_SLOTS - 1)];
    if (r == null || r.rules != ruleSet || r.epoch != columns.epoch()) {
      return null; // other rules, or the connection's metadata (its views over moved tables) was read again since
    }
    String known = r.plan.originalSql();
    return known == sql || known.equals(sql) ? r : null;
  }

  /** Remembers {@code plan} for this connection while {@code rules} and its metadata stay as they are now. */
  private void remember(RuleSet rules, SearchPath path, RewritePlan plan, boolean scanned) {
    recent[plan.originalSql().hashCode() & (RECENT_SLOTS - 1)] =
        new Recent(rules, path, plan, scanned, columns.epoch());
  }

  /**
   * The SQL to plan for {@code sql} prepared or executed with generated-key column names
   * ({@code prepareStatement(sql, new String[] {"email"})}). The vendor driver reads those columns
   * itself, past the rewrite, so a name that the phase table makes a computed read (the retired
   * {@code from} in contract) would read the stale column. On PostgreSQL the names become a
   * {@code RETURNING} clause of the statement, which is rewritten like any other read (the driver
   * does not add its own when one is present); MariaDB's driver ignores the names; elsewhere (H2)
   * such a name is refused.
   */
  public String withGeneratedKeys(String sql, String[] columnNames) throws SQLException {
    RuleSet ruleSet = rules.get();
    if (sql == null || columnNames == null || columnNames.length == 0 || !rewriter.mayRewrite(sql, ruleSet, dialect)) {
      return sql;
    }
    MoveRule computed = GeneratedKeyNames.computedRead(ruleSet, dialect, columnNames, sql, columns);
    // MariaDB's driver ignores the names: its generated keys are the AUTO_INCREMENT value only.
    if (computed == null || dialect == Dialect.MARIADB) {
      return sql;
    }
    if (dialect != Dialect.POSTGRESQL) {
      RewriteRefusedException e = new RewriteRefusedException(computed.name(), "the generated-key column "
          + computed.from() + " is retired in contract and the " + dialect + " driver reads it from the table itself, "
          + "where it is stale; ask for " + computed.to() + " instead");
      metrics.refused(e.move(), false);
      throw e;
    }
    return GeneratedKeyNames.withReturning(sql, columnNames);
  }

  /**
   * The search path plans are made for now under {@code ruleSet}, or {@code null} when no move of
   * it names a schema (plans are then the same for every path).
   */
  public SearchPath searchPath(RuleSet ruleSet) {
    return ruleSet.namesSchemas() ? columns.searchPath() : null;
  }

  /** How many refused statements were sent anyway under {@code tandem.onUnparseable=passthrough}. */
  public long refusedButPassedThrough() {
    return refusedButPassedThrough.sum();
  }
}
