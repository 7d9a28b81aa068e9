package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.fleet.TableRuleSource;
import dev.tandem.fleet.TableRuleSources;
import dev.tandem.metrics.Metrics;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.jdbc.PlanCache;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rewrite.StatementGate;
import dev.tandem.rules.LiveRules;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.RuleSetListener;
import dev.tandem.rules.RuleSourceRegistry;
import dev.tandem.rules.SchemaState;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a vendor connection into a Tandem connection: resolves the dialect, leases the shared rule
 * source the settings name, joins the database's shared {@link SchemaState} (checking the moves
 * against the schema on the new connection, which never fails the connect: a move the schema does
 * not fit blocks only its own statements), and wraps. Shared by {@code TandemDriver} and
 * {@code TandemDataSource}, so both open connections the same way.
 */
public final class ConnectionFactory {
  /**
   * The JVM-wide plan cache's size, a system property (or {@code TANDEM_PLAN_CACHE_SIZE}) read once:
   * one cache serves every connection, so it is not a per-connection setting.
   */
  public static final String PLAN_CACHE_SIZE_PROPERTY = "tandem.planCacheSize";

  /**
   * Plans for every connection in the JVM. Safe to share: keys carry the rule-set revision (unique
   * per JVM) and the dialect, and plans that depend on one database's metadata are not cached.
   */
  private static final PlanCache PLANS = new PlanCache(planCacheSize(System.getProperty(PLAN_CACHE_SIZE_PROPERTY,
      System.getenv("TANDEM_PLAN_CACHE_SIZE"))));
  private static final SqlRewriter REWRITER = new MoveRewriter();

  private ConnectionFactory() {}

  static long planCacheSize(String configured) {
    if (configured == null || configured.isBlank()) {
      return PlanCache.DEFAULT_SIZE;
    }
    try {
      long size = Long.parseLong(configured.trim());
      if (size >= 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.getLogger(ConnectionFactory.class.getName()).log(System.Logger.Level.WARNING,
        "{0}={1} is not a number of plans, 0 or more; using {2}", PLAN_CACHE_SIZE_PROPERTY, configured,
        PlanCache.DEFAULT_SIZE);
    return PlanCache.DEFAULT_SIZE;
  }

  /** The plan cache shared by all connections. */
  public static PlanCache planCache() {
    return PLANS;
  }

  /**
   * Metrics on Micrometer's global registry (nothing when Micrometer is absent), for connections
   * opened through the driver, where the application has no way to hand over a registry.
   */
  public static TandemMetrics globalMetrics() {
    return GlobalMetrics.INSTANCE;
  }

  /** Metrics on {@code registry} (a Micrometer {@code MeterRegistry}), reporting the shared plan cache. */
  public static TandemMetrics metricsFor(Object registry) {
    TandemMetrics metrics = Metrics.forRegistry(registry);
    metrics.bindPlanCache(PLANS::size, PLANS::stats);
    return metrics;
  }

  private static final class GlobalMetrics {
    static final TandemMetrics INSTANCE = metricsFor(null);
  }

  /**
   * Wraps {@code vendor}; closes it if that fails.
   *
   * @param urlDialect the dialect detected from the vendor URL, or {@code null} to ask the metadata
   * @param metrics where the connection counts statements
   * @throws SQLException when the rules cannot be loaded or do not fit the schema
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect urlDialect,
      TandemMetrics metrics) throws SQLException {
    return wrap(vendor, config, urlDialect, metrics, null);
  }

  /**
   * Wraps {@code vendor}; closes it if that fails.
   *
   * @param reconnect opens another vendor connection to the same database, on which a reload of
   *     the rules is checked before it is put in force; {@code null} when there is no way to
   * @see #wrap(Connection, TandemConfig, Dialect, TandemMetrics)
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect urlDialect,
      TandemMetrics metrics, SchemaState.Connector reconnect) throws SQLException {
    return wrap(vendor, config, urlDialect, metrics, reconnect, null);
  }

  /**
   * Wraps {@code vendor}; closes it if that fails.
   *
   * @param ownConnections opens vendor connections of Tandem's own to the same database, never an
   *     application's (pooled) one: what rules read from a table ({@code tandem.rules=table:…}) and the
   *     instance registry use. {@code null} when there is no way to, which refuses table rules.
   * @see #wrap(Connection, TandemConfig, Dialect, TandemMetrics, SchemaState.Connector)
   */
  public static TandemConnection wrap(Connection vendor, TandemConfig config, Dialect urlDialect,
      TandemMetrics metrics, SchemaState.Connector reconnect, SchemaState.Connector ownConnections)
      throws SQLException {
    HeldRules held = null;
    try {
      Dialect dialect = dialect(vendor, config, urlDialect);
      if (config.rules() == null) {
        return TandemConnection.wrap(vendor, config, dialect, RuleSet::empty, false, REWRITER, PLANS, metrics,
            () -> { });
      }
      String database = databaseKey(vendor, dialect);
      held = hold(config, database, dialect, ownConnections);
      LiveRules source = held.rules();
      metrics.bindRuleSource(source.name(), source::revision, source::reloadsOk, source::reloadsFailed);
      SchemaState schema = source.schemaStates().acquire(database, dialect, reconnect,
          config.schemaRecheckInterval());
      if (config.schemaCheck()) {
        firstCheck(schema, source, vendor);
      }
      // Migrations add and drop columns, and rule changes are when they happen: forget metadata then.
      AtomicReference<TandemConnection> wrapped = new AtomicReference<>();
      RuleSetListener listener = (previous, current) -> {
        TandemConnection c = wrapped.get();
        if (c != null) {
          c.invalidateMetadata();
        }
      };
      Runnable release = held.release();
      source.addListener(listener);
      TandemConnection connection = TandemConnection.wrap(vendor, config, lexical(vendor, dialect), source::current,
          true, REWRITER,
          PLANS, metrics, () -> {
            source.removeListener(listener);
            release.run();
          }, schema, source.schemaStates(), held.gate());
      wrapped.set(connection);
      return connection;
    } catch (SQLException | RuntimeException e) {
      try {
        vendor.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (held != null) {
        held.release().run();
      }
      throw e;
    }
  }

  /** A connection's hold on its shared rules: what to plan with, what to release, what gates its statements. */
  private record HeldRules(LiveRules rules, Runnable release, StatementGate gate) {}

  /**
   * A hold on the shared rules that settings name, for as long as something outside a connection needs
   * them (a {@code TandemDataSource} over a pool, whose connections come and go): while held, the rule
   * file's or rule table's source stays open with its revision, reload counts and fleet lease.
   */
  public static final class RulesHold implements AutoCloseable {
    private final HeldRules held;
    private boolean closed;

    private RulesHold(HeldRules held) {
      this.held = held;
    }

    /** The rules held. */
    public LiveRules rules() {
      return held.rules();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        held.release().run();
      }
    }
  }

  /**
   * Holds the shared rules {@code config} names, as a connection to {@code vendor}'s database would hold them.
   *
   * @param ownConnections as for {@link #wrap(Connection, TandemConfig, Dialect, TandemMetrics,
   *     SchemaState.Connector, SchemaState.Connector) wrap}: needed for rules in a table
   * @return the hold, or {@code null} when {@code config} names no rules
   * @throws SQLException when the rules cannot be loaded
   */
  public static RulesHold holdRules(Connection vendor, TandemConfig config, SchemaState.Connector ownConnections)
      throws SQLException {
    if (config.rules() == null) {
      return null;
    }
    Dialect dialect = dialect(vendor, config, null);
    return new RulesHold(hold(config, databaseKey(vendor, dialect), dialect, ownConnections));
  }

  private static HeldRules hold(TandemConfig config, String database, Dialect dialect,
      SchemaState.Connector ownConnections) throws SQLException {
    if (!TableRuleSource.namesTable(config.rules())) {
      RuleSourceRegistry.Lease lease = lease(config);
      return new HeldRules(lease.source(), lease::close, StatementGate.OPEN);
    }
    String table;
    try {
      table = TableRuleSource.table(config.rules());
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "08001", e);
    }
    if (ownConnections == null) {
      throw new SQLException("tandem.rules=" + config.rules() + " needs connections of Tandem's own to read the"
          + " rules and renew the instance's lease, never the application's pooled ones: give TandemDataSource a"
          + " DataSource for them with ownConnections(…) (the Spring Boot starter does), or connect through the"
          + " Tandem driver (a jdbc:tandem: URL, which a pool can use too)", "08001");
    }
    TableRuleSource.Settings settings = new TableRuleSource.Settings(config.reloadInterval(), config.lease(),
        config.appVersion());
    TableRuleSources.Lease lease = TableRuleSources.shared().acquire(database, table, dialect, ownConnections::open,
        settings);
    return new HeldRules(lease.source(), lease::close, new LeaseGate(lease.source()));
  }

  /**
   * Checks the moves on the connection being opened, where a transform may be run even outside
   * auto-commit (nothing of the application's is in progress). A failure to read metadata is
   * logged, not thrown: the first statement checks again.
   */
  private static void firstCheck(SchemaState schema, LiveRules source, Connection vendor) {
    if (schema.known(source.current()) != null) {
      return; // another connection (or the reload check) has looked; metadata reads may wait for a migration's locks
    }
    try {
      schema.state(source.current(), vendor, true);
    } catch (SQLException e) {
      System.getLogger(ConnectionFactory.class.getName()).log(System.Logger.Level.WARNING,
          "cannot check the rules of {0} against the schema yet: {1}", source.name(), e.getMessage());
    }
  }

  /** What tells databases apart for the shared schema state: URL (without secrets), user, schema. */
  private static String databaseKey(Connection vendor, Dialect dialect) throws SQLException {
    DatabaseMetaData metadata = vendor.getMetaData();
    String namespace = dialect == Dialect.MARIADB ? vendor.getCatalog() : vendor.getSchema();
    return Secrets.maskUrl(metadata.getURL()) + " as " + metadata.getUserName() + ", schema " + namespace;
  }

  private static Dialect dialect(Connection vendor, TandemConfig config, Dialect urlDialect) throws SQLException {
    Dialect configured = config.dialect();
    if (configured != null) {
      return configured;
    }
    if (urlDialect != null && urlDialect != Dialect.GENERIC) {
      return urlDialect;
    }
    return Dialect.fromProductName(vendor.getMetaData().getDatabaseProductName());
  }

  /** On MariaDB/MySQL, the variant {@code @@sql_mode} makes of the dialect: {@code ANSI_QUOTES} changes what text means. */
  private static Dialect lexical(Connection vendor, Dialect dialect) throws SQLException {
    if (dialect.family() != Dialect.MARIADB) {
      return dialect;
    }
    try (java.sql.Statement s = vendor.createStatement(); java.sql.ResultSet r = s.executeQuery("SELECT @@sql_mode")) {
      return dialect.withSqlMode(r.next() ? r.getString(1) : null);
    }
  }

  private static RuleSourceRegistry.Lease lease(TandemConfig config) throws SQLException {
    try {
      return RuleSourceRegistry.shared().acquire(config.rules(), config.reloadInterval());
    } catch (RuleFileException e) {
      throw new SQLException("Tandem cannot load its rules: " + e.getMessage(), "08001", e);
    }
  }
}
