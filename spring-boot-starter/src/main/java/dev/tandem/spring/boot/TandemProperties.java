package dev.tandem.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tandem.*} properties of a Spring Boot application. Each named property is the driver
 * setting of the same name (see the driver's {@code TandemSetting}); {@link #getSettings()} passes
 * any other {@code tandem.*} setting through by its key. Unset properties fall back to system
 * properties and environment variables, as for the driver.
 */
@ConfigurationProperties(prefix = "tandem")
public class TandemProperties {

  /** Whether the starter wraps the application's DataSource beans. */
  private boolean enabled = true;

  /**
   * The rule file (a path or classpath:resource), or table:tandem_rules for a fleet's rules kept in the
   * database. Unset means no rules (every statement passes through).
   */
  private String rules;

  /** What to do with a statement on a moved table that Tandem cannot parse: refuse or passthrough. */
  private String onUnparseable;

  /** How often the rule file is checked for changes, in milliseconds. */
  private Long reloadIntervalMs;

  /** The dialect (postgresql, mariadb, mysql or h2); detected from the connection when unset. */
  private String dialect;

  /** Whether the moves are checked against the schema when a connection opens. */
  private Boolean schemaCheck;

  /** How often a move the schema does not fit is checked again, in milliseconds. */
  private Long schemaRecheckMs;

  /** How long a connection trusts what it read of the database's views before reading them again, in milliseconds. */
  private Long viewRecheckMs;

  /** Whether each statement, as received and as sent, is logged (logger dev.tandem.statements; never values). */
  private Boolean statementLog;

  /** This application's version as the fleet's instance registry shows it (rules in a table only). */
  private String appVersion;

  /** How long a lease renewal keeps this instance live in the fleet, in milliseconds (rules in a table only). */
  private Long leaseMs;

  /** The names of the DataSource beans to wrap; empty means every DataSource bean. */
  private List<String> dataSources = new ArrayList<>();

  /** Further driver settings by their full key (tandem.x=y is given as tandem.settings.[tandem.x]=y). */
  private Map<String, String> settings = new LinkedHashMap<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getRules() {
    return rules;
  }

  public void setRules(String rules) {
    this.rules = rules;
  }

  public String getOnUnparseable() {
    return onUnparseable;
  }

  public void setOnUnparseable(String onUnparseable) {
    this.onUnparseable = onUnparseable;
  }

  public Long getReloadIntervalMs() {
    return reloadIntervalMs;
  }

  public void setReloadIntervalMs(Long reloadIntervalMs) {
    this.reloadIntervalMs = reloadIntervalMs;
  }

  public String getDialect() {
    return dialect;
  }

  public void setDialect(String dialect) {
    this.dialect = dialect;
  }

  public Boolean getSchemaCheck() {
    return schemaCheck;
  }

  public void setSchemaCheck(Boolean schemaCheck) {
    this.schemaCheck = schemaCheck;
  }

  public Long getSchemaRecheckMs() {
    return schemaRecheckMs;
  }

  public void setSchemaRecheckMs(Long schemaRecheckMs) {
    this.schemaRecheckMs = schemaRecheckMs;
  }

  public Long getViewRecheckMs() {
    return viewRecheckMs;
  }

  public void setViewRecheckMs(Long viewRecheckMs) {
    this.viewRecheckMs = viewRecheckMs;
  }

  public Boolean getStatementLog() {
    return statementLog;
  }

  public void setStatementLog(Boolean statementLog) {
    this.statementLog = statementLog;
  }

  public String getAppVersion() {
    return appVersion;
  }

  public void setAppVersion(String appVersion) {
    this.appVersion = appVersion;
  }

  public Long getLeaseMs() {
    return leaseMs;
  }

  public void setLeaseMs(Long leaseMs) {
    this.leaseMs = leaseMs;
  }

  public List<String> getDataSources() {
    return dataSources;
  }

  public void setDataSources(List<String> dataSources) {
    this.dataSources = dataSources;
  }

  public Map<String, String> getSettings() {
    return settings;
  }

  public void setSettings(Map<String, String> settings) {
    this.settings = settings;
  }

  /** The driver settings these properties give, by key ({@code tandem.rules} …), unset ones left out. */
  Map<String, String> driverSettings() {
    Map<String, String> given = new LinkedHashMap<>(settings);
    put(given, "tandem.rules", rules);
    put(given, "tandem.onUnparseable", onUnparseable);
    put(given, "tandem.reloadIntervalMs", reloadIntervalMs);
    put(given, "tandem.dialect", dialect);
    put(given, "tandem.schemaCheck", schemaCheck);
    put(given, "tandem.schemaRecheckMs", schemaRecheckMs);
    put(given, "tandem.viewRecheckMs", viewRecheckMs);
    put(given, "tandem.statementLog", statementLog);
    put(given, "tandem.appVersion", appVersion);
    put(given, "tandem.leaseMs", leaseMs);
    return given;
  }

  private static void put(Map<String, String> settings, String key, Object value) {
    if (value != null) {
      settings.put(key, value.toString());
    }
  }
}
