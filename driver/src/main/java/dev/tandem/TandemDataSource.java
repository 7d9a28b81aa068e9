package dev.tandem;

import dev.tandem.jdbc.ConnectionFactory;
import dev.tandem.jdbc.TandemConfig;
import dev.tandem.jdbc.TandemSetting;
import dev.tandem.jdbc.Wrappers;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rules.SchemaState;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Tandem over an existing {@link DataSource}, for applications that configure a DataSource bean
 * instead of a URL. Settings are given with the fluent methods (or their bean-style setters); those
 * not given fall back to system properties and environment variables, as for the driver.
 *
 * <pre>{@code
 * DataSource ds = TandemDataSource.wrap(hikari).rules("/etc/tandem/rules.yaml");
 * }</pre>
 */
public final class TandemDataSource implements DataSource {
  private final DataSource delegate;
  private final Map<TandemSetting, String> settings = new EnumMap<>(TandemSetting.class);
  private volatile TandemMetrics metrics;
  private volatile DataSource ownConnections;
  private final Object holdLock = new Object();
  private ConnectionFactory.RulesHold held;
  private String heldKey;

  private TandemDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Tandem over {@code delegate}. */
  public static TandemDataSource wrap(DataSource delegate) {
    return new TandemDataSource(delegate);
  }

  /** Sets a setting; returns this. */
  public TandemDataSource set(TandemSetting setting, String value) {
    synchronized (settings) {
      settings.put(setting, value);
    }
    return this;
  }

  /** {@code tandem.rules}: the rule file. */
  public TandemDataSource rules(String location) {
    return set(TandemSetting.RULES, location);
  }

  /** {@code tandem.onUnparseable}: {@code refuse} or {@code passthrough}. */
  public TandemDataSource onUnparseable(String policy) {
    return set(TandemSetting.ON_UNPARSEABLE, policy);
  }

  /**
   * Counts statements, rewrites, refusals, plan-cache use and rule reloads on {@code meterRegistry},
   * a Micrometer {@code MeterRegistry} (typed {@code Object} so that Micrometer stays optional).
   * Without it, Micrometer's global registry is used when Micrometer is on the class path.
   */
  public TandemDataSource meterRegistry(Object meterRegistry) {
    this.metrics = ConnectionFactory.metricsFor(Objects.requireNonNull(meterRegistry, "meterRegistry"));
    return this;
  }

  /**
   * Where Tandem opens connections of its own to the same database, for rules kept in a table
   * ({@code tandem.rules=table:tandem_rules}): it reads the revisions and renews this instance's lease on
   * them, all the time, so they must not be the application's pooled ones (a pool's connections are
   * reset, validated and taken back). Give a plain, unpooled data source on the same database and user,
   * e.g. the vendor's own {@code PGSimpleDataSource} or Spring's {@code SimpleDriverDataSource}; the
   * Spring Boot starter derives one from the pool. Not needed for a rule file.
   */
  public TandemDataSource ownConnections(DataSource unpooled) {
    this.ownConnections = Objects.requireNonNull(unpooled, "unpooled");
    return this;
  }

  /** Bean-style {@link #ownConnections(DataSource)}. */
  public void setOwnConnections(DataSource unpooled) {
    ownConnections(unpooled);
  }

  private TandemMetrics metrics() {
    TandemMetrics m = metrics;
    return m != null ? m : ConnectionFactory.globalMetrics();
  }

  /** Bean-style {@link #rules(String)}, for containers that configure by setters. */
  public void setRules(String location) {
    rules(location);
  }

  /** Bean-style {@link #onUnparseable(String)}. */
  public void setOnUnparseable(String policy) {
    onUnparseable(policy);
  }

  /**
   * What Tandem applies for this data source's settings now: rules, revision, moves and phases,
   * reloads, moves the schema blocks, plan cache (see {@link TandemStatus}). Never fails for a bad
   * rule file: the status says so.
   */
  public TandemStatus status() throws SQLException {
    TandemConfig config = config();
    synchronized (holdLock) {
      if (held != null && heldKey.equals(holdKey(config))) {
        return TandemStatus.of(config.rules(), held.rules());
      }
    }
    return TandemStatus.of(config);
  }

  /** The data source this one wraps. */
  public DataSource getDelegate() {
    return delegate;
  }

  private TandemConfig config() throws SQLException {
    Map<String, String> given = new java.util.LinkedHashMap<>();
    synchronized (settings) {
      settings.forEach((k, v) -> given.put(k.key(), v));
    }
    return TandemConfig.resolve(given, null, System.getProperties(), System.getenv());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return open(delegate::getConnection);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return open(() -> delegate.getConnection(username, password));
  }

  private Connection open(SchemaState.Connector vendor) throws SQLException {
    TandemConfig config = config();
    DataSource own = ownConnections;
    SchemaState.Connector ownConnector = own == null ? null : own::getConnection;
    Connection connection = ConnectionFactory.wrap(vendor.open(), config, null, metrics(), vendor, ownConnector);
    try {
      holdRules(config, connection, ownConnector);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return connection;
  }

  private static String holdKey(TandemConfig config) throws SQLException {
    return config.rules() + '\u0000' + config.reloadInterval() + '\u0000' + config.lease() + '\u0000'
        + config.appVersion();
  }

  /**
   * Keeps the rule source this data source's connections use open for as long as the data source
   * lives. A pool behind it hands out and takes back connections all the time; were the source
   * released with the last borrowed connection, the next borrow would open it again: a new revision
   * (so no cached plan is ever reused), for rules in a table a new instance in the fleet's registry, and,
   * worse, a rule file broken since then would fail every connection instead of leaving the last good
   * rules in force. Taken on the connection just opened, which already holds the source, so it cannot fail
   * for a reason the open did not.
   */
  private void holdRules(TandemConfig config, Connection connection, SchemaState.Connector own)
      throws SQLException {
    if (config.rules() == null) {
      return;
    }
    String key = holdKey(config);
    synchronized (holdLock) {
      if (key.equals(heldKey)) {
        return;
      }
      // The Tandem connection answers the metadata the hold needs exactly as its vendor connection does.
      ConnectionFactory.RulesHold next = ConnectionFactory.holdRules(connection, config, own);
      if (held != null) {
        held.close();
      }
      held = next;
      heldKey = key;
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }
}
