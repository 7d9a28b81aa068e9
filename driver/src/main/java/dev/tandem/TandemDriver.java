package dev.tandem;

import dev.tandem.dialect.Dialect;
import dev.tandem.jdbc.ConnectionFactory;
import dev.tandem.jdbc.Secrets;
import dev.tandem.jdbc.TandemConfig;
import dev.tandem.jdbc.TandemSetting;
import dev.tandem.jdbc.TandemUrl;
import dev.tandem.rules.SchemaState;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The Tandem JDBC driver: accepts {@code jdbc:tandem:<vendor url>}, opens the vendor connection with
 * whichever registered driver accepts {@code jdbc:<vendor url>}, and wraps it so that statements
 * naming moved columns are rewritten.
 *
 * <p>Registered with {@link DriverManager} by {@code META-INF/services/java.sql.Driver} and by its
 * static initialiser. Holds no mutable state: every connection's settings come from its URL,
 * properties, system properties and environment ({@link TandemSetting}).
 */
public final class TandemDriver implements Driver {
  /** Major version of the driver. */
  public static final int MAJOR_VERSION = 0;
  /** Minor version of the driver. */
  public static final int MINOR_VERSION = 1;

  private static final TandemDriver INSTANCE = new TandemDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Use {@link DriverManager}; public for {@link ServiceLoader}. */
  public TandemDriver() {}

  @Override
  public boolean acceptsURL(String url) {
    return TandemUrl.accepts(url);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the Driver contract: another driver's URL
    }
    TandemUrl parsed = TandemUrl.parse(url);
    TandemConfig config = TandemConfig.resolve(parsed.settings(), info, System.getProperties(), System.getenv());
    Driver vendor = vendorDriver(parsed.vendorUrl());
    Properties vendorInfo = TandemConfig.vendorProperties(info);
    Connection connection = vendor.connect(parsed.vendorUrl(), vendorInfo);
    if (connection == null) {
      throw new SQLException("the driver " + vendor.getClass().getName() + " did not accept "
          + Secrets.maskUrl(parsed.vendorUrl()), "08001");
    }
    // Tandem's own connections (reload checks, rule table, instance registry): the application's URL and properties.
    SchemaState.Connector own = () -> vendor.connect(parsed.vendorUrl(), vendorInfo);
    return ConnectionFactory.wrap(connection, config, Dialect.fromUrl(parsed.vendorUrl()),
        ConnectionFactory.globalMetrics(), own, own);
  }

  /** The registered driver that accepts {@code vendorUrl}, looked up on every connect (no cached state). */
  private static Driver vendorDriver(String vendorUrl) throws SQLException {
    try {
      return DriverManager.getDriver(vendorUrl);
    } catch (SQLException notVisibleHere) {
      // DriverManager only offers drivers our class loader can see; in containers the application's
      // drivers may sit in the context class loader instead.
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      if (context != null) {
        for (Driver d : ServiceLoader.load(Driver.class, context)) {
          if (!(d instanceof TandemDriver) && d.acceptsURL(vendorUrl)) {
            return d;
          }
        }
      }
      throw new SQLException("no JDBC driver on the class path accepts " + Secrets.maskUrl(vendorUrl)
          + "; add the vendor's driver (e.g. org.postgresql:postgresql) next to Tandem", "08001", notVisibleHere);
    }
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    List<DriverPropertyInfo> result = new ArrayList<>();
    for (TandemSetting s : TandemSetting.values()) {
      String current = info == null ? null : info.getProperty(s.key());
      DriverPropertyInfo p = new DriverPropertyInfo(s.key(), current != null ? current : s.defaultValue());
      p.description = s.description();
      p.required = false;
      result.add(p);
    }
    if (acceptsURL(url)) {
      TandemUrl parsed = TandemUrl.parse(url);
      Driver vendor = vendorDriver(parsed.vendorUrl());
      result.addAll(Arrays.asList(vendor.getPropertyInfo(parsed.vendorUrl(), TandemConfig.vendorProperties(info))));
    }
    return result.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /** A proxy cannot vouch for the vendor driver's compliance, so it claims none. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("dev.tandem");
  }
}
