package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Tandem's settings for one connection (or data source), resolved from the URL, the connection
 * properties, system properties and environment variables, in that order of precedence.
 * Immutable. Not part of the public API; see {@link TandemSetting} for the keys.
 */
public final class TandemConfig {
  private final Map<TandemSetting, String> values;

  private TandemConfig(Map<TandemSetting, String> values) {
    this.values = values;
  }

  /**
   * Resolves the settings.
   *
   * @param fromUrl settings the URL gave
   * @param info connection properties (may be null)
   * @param system JVM system properties
   * @param environment environment variables
   * @throws SQLException for an unknown {@code tandem.*} key in the URL or properties (a typo must
   *     not silently fall back to a default) or a value that does not parse
   */
  public static TandemConfig resolve(Map<String, String> fromUrl, Properties info, Properties system,
      Map<String, String> environment) throws SQLException {
    Map<TandemSetting, String> values = new EnumMap<>(TandemSetting.class);
    for (TandemSetting s : TandemSetting.values()) {
      String v = system.getProperty(s.key());
      if (v == null) {
        v = environment.get(s.environmentVariable());
      }
      if (v != null) {
        values.put(s, v);
      }
    }
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        if (TandemSetting.isTandemKey(key)) {
          values.put(known(key, "connection properties"), info.getProperty(key));
        }
      }
    }
    for (Map.Entry<String, String> e : fromUrl.entrySet()) {
      values.put(known(e.getKey(), "URL"), e.getValue());
    }
    TandemConfig config = new TandemConfig(values);
    config.validate();
    return config;
  }


  private static TandemSetting known(String key, String where) throws SQLException {
    TandemSetting s = TandemSetting.forKey(key);
    if (s == null) {
      StringBuilder known = new StringBuilder();
      for (TandemSetting each : TandemSetting.values()) {
        known.append(known.length() == 0 ? "" : ", ").append(each.key());
      }
      throw new SQLException("unknown Tandem setting " + key + " in the " + where + "; known settings: " + known,
          "08001");
    }
    return s;
  }

  private void validate() throws SQLException {
    onUnparseablePassThrough();
    reloadInterval();
    dialect();
    schemaCheck();
    schemaRecheckInterval();
    viewRecheckInterval();
    statementLog();
    lease();
  }

  /** A copy of {@code info} without Tandem's keys: what the vendor driver gets. */
  public static Properties vendorProperties(Properties info) {
    Properties vendor = new Properties();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        if (!TandemSetting.isTandemKey(key)) {
          vendor.setProperty(key, info.getProperty(key));
        }
      }
    }
    return vendor;
  }

  /** The value of {@code setting}, or its default. */
  public String get(TandemSetting setting) {
    String v = values.get(setting);
    return v == null ? setting.defaultValue() : v;
  }

  /** The rule file location, or {@code null} when no rules are configured. */
  public String rules() {
    String v = get(TandemSetting.RULES);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Whether refused statements are sent anyway ({@code tandem.onUnparseable=passthrough}). */
  public boolean onUnparseablePassThrough() throws SQLException {
    String v = get(TandemSetting.ON_UNPARSEABLE).trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "refuse":
        return false;
      case "passthrough":
        return true;
      default:
        throw invalid(TandemSetting.ON_UNPARSEABLE, v, "refuse or passthrough");
    }
  }

  /** How often to poll the rule file; zero for never. */
  public Duration reloadInterval() throws SQLException {
    return millis(TandemSetting.RELOAD_INTERVAL);
  }

  /** How often a move blocked by the schema is checked again. */
  public Duration schemaRecheckInterval() throws SQLException {
    return millis(TandemSetting.SCHEMA_RECHECK_INTERVAL);
  }

  /** How long a connection trusts the views it read before reading them again; zero for until DDL or a rule change. */
  public Duration viewRecheckInterval() throws SQLException {
    return millis(TandemSetting.VIEW_RECHECK_INTERVAL);
  }

  private Duration millis(TandemSetting setting) throws SQLException {
    String v = get(setting).trim();
    try {
      long ms = Long.parseLong(v);
      if (ms < 0) {
        throw invalid(setting, v, "a number of milliseconds, 0 or more");
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw invalid(setting, v, "a number of milliseconds, 0 or more");
    }
  }

  /** How long a renewal of the fleet lease keeps this instance live; more than zero. */
  public Duration lease() throws SQLException {
    Duration lease = millis(TandemSetting.LEASE);
    if (lease.isZero()) {
      throw invalid(TandemSetting.LEASE, "0", "a number of milliseconds, more than 0");
    }
    return lease;
  }

  /** The application's version label for the instance registry, or {@code null}. */
  public String appVersion() {
    String v = get(TandemSetting.APP_VERSION);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The configured dialect, or {@code null} to detect it. */
  public Dialect dialect() throws SQLException {
    String v = get(TandemSetting.DIALECT);
    if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      return Dialect.parse(v);
    } catch (IllegalArgumentException e) {
      throw invalid(TandemSetting.DIALECT, v, "postgresql, mariadb, mysql, h2 or auto");
    }
  }

  /** Whether each move is checked against the schema. */
  public boolean schemaCheck() throws SQLException {
    return flag(TandemSetting.SCHEMA_CHECK);
  }

  /** Whether every statement is logged to {@code dev.tandem.statements}. */
  public boolean statementLog() throws SQLException {
    return flag(TandemSetting.STATEMENT_LOG);
  }

  private boolean flag(TandemSetting setting) throws SQLException {
    String v = get(setting).trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw invalid(setting, v, "true or false");
  }

  private static SQLException invalid(TandemSetting setting, String value, String expected) {
    return new SQLException(setting.key() + "=" + value + " is not valid; expected " + expected, "08001");
  }
}
