package dev.tandem.jdbc;

import java.util.Locale;

/**
 * Tandem's own settings. Each can be given, from highest precedence to lowest, in the JDBC URL
 * ({@code ?tandem.rules=…}, or {@code ;tandem.rules=…} on URLs that use semicolons, such as H2's),
 * in the connection {@link java.util.Properties}, as a JVM system property, or as an environment
 * variable ({@code TANDEM_RULES}). They are removed before the vendor driver sees the URL or the
 * properties.
 */
public enum TandemSetting {
  /**
   * Where the rules are: a file path, {@code classpath:path/in/jar.yaml}, or {@code table:tandem_rules} (the
   * fleet's rule table in the application's database). Unset: no rules.
   */
  RULES("tandem.rules", null, "Rules: a file path, classpath:resource, or table:tandem_rules (the newest revision in"
      + " the application's database, shared by a fleet). Unset means no rules (pure pass-through)."),
  /** What to do with a statement that names a moved table but cannot be rewritten. */
  ON_UNPARSEABLE("tandem.onUnparseable", "refuse",
      "refuse: fail it with SQLState 0A000; passthrough: send it unchanged (logged and counted)."),
  /** How often the rule file is checked for changes, in milliseconds; 0 turns polling off. */
  RELOAD_INTERVAL("tandem.reloadIntervalMs", "2000",
      "How often the rule file is checked for changes, in milliseconds; 0 turns polling off."),
  /** The SQL dialect; detected from the URL when unset. */
  DIALECT("tandem.dialect", null, "postgresql, mariadb, mysql or h2; detected from the URL or metadata when unset."),
  /** Whether each move is checked against the schema (lazily, per move; see SchemaState). */
  SCHEMA_CHECK("tandem.schemaCheck", "true",
      "Check each move against the schema: its columns exist and its transforms run. A move that does not fit"
          + " blocks the statements on its table (never the connection); false skips the checks."),
  /** How often a move blocked by the schema is checked again, in milliseconds. */
  SCHEMA_RECHECK_INTERVAL("tandem.schemaRecheckMs", "5000",
      "How often a move that does not fit the schema is checked again, in milliseconds (also after DDL through"
          + " Tandem)."),
  /** How long a connection trusts what it read of the database's views before reading them again, in milliseconds. */
  VIEW_RECHECK_INTERVAL("tandem.viewRecheckMs", "5000",
      "How long a connection trusts what it read of the database's views, in milliseconds, before reading them"
          + " again: a view over a moved table created or replaced outside Tandem under a name already in use is"
          + " seen within this time. 0 trusts them until DDL through Tandem or a rule change."),
  /** Whether every statement is logged with what Tandem sent (never parameter values). */
  STATEMENT_LOG("tandem.statementLog", "false",
      "true logs every statement, the SQL sent, the moves applied and the parameter map (never values) to the"
          + " System.Logger dev.tandem.statements at INFO."),
  /** The application's version label, recorded in the fleet's instance registry (table rules only). */
  APP_VERSION("tandem.appVersion", null,
      "With tandem.rules=table:tandem_rules: the application's version label this instance records in"
          + " tandem_instances, for the operator (tandem fleet status)."),
  /** How long a renewal of the fleet lease keeps this instance live, in milliseconds (table rules only). */
  LEASE("tandem.leaseMs", "30000",
      "With tandem.rules=table:tandem_rules: how long a renewal keeps this instance live in tandem_instances, in"
          + " milliseconds (renewed every third of it). While it has lapsed, statements on moved tables are"
          + " refused.");

  /** The prefix every Tandem setting key starts with. */
  public static final String PREFIX = "tandem.";

  private final String key;
  private final String defaultValue;
  private final String description;

  TandemSetting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The key in URLs, properties and system properties, e.g. {@code tandem.rules}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code TANDEM_RULES}. */
  public String environmentVariable() {
    return key.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** The value when no source gives one; {@code null} for none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The setting a key names, compared case-insensitively, or {@code null}. */
  public static TandemSetting forKey(String key) {
    for (TandemSetting s : values()) {
      if (s.key.equalsIgnoreCase(key)) {
        return s;
      }
    }
    return null;
  }

  /** Whether {@code key} is in Tandem's namespace (and so must not reach the vendor driver). */
  public static boolean isTandemKey(String key) {
    return key != null && key.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }
}
