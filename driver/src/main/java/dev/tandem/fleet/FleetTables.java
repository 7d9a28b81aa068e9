package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * The two tables a fleet shares, in each dialect, and the SQL that reads the database's clock.
 *
 * <p>Timestamps are stored with their time zone (PostgreSQL {@code timestamptz}, H2
 * {@code TIMESTAMP WITH TIME ZONE}, MariaDB {@code TIMESTAMP}, which is kept in UTC), so sessions with
 * different time zones compare them correctly.
 */
public final class FleetTables {
  /** The table of rule-set revisions: each row is a whole rule document. */
  public static final String RULES = "tandem_rules";
  /** The instance registry: one row per live or recently live instance. */
  public static final String INSTANCES = "tandem_instances";
  /** The SQLStates of a missing table: PostgreSQL's and MariaDB's (and H2's in some modes). */
  private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "42S02");
  /** H2's error codes of a missing table; its SQLState varies with them. */
  private static final Set<Integer> MISSING_TABLE_H2_CODES = Set.of(42102, 42103, 42104);

  private FleetTables() {}

  /** The statements that create both tables; each can be run again. */
  public static List<String> ddl(Dialect dialect) {
    String text = switch (dialect) {
      case POSTGRESQL -> "TEXT";
      case MARIADB -> "LONGTEXT";
      default -> "CLOB";
    };
    String time = switch (dialect) {
      case POSTGRESQL -> "TIMESTAMPTZ(3)";
      case MARIADB -> "TIMESTAMP(3) NULL";
      default -> "TIMESTAMP(3) WITH TIME ZONE";
    };
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + RULES + " ("
            + "revision BIGINT NOT NULL PRIMARY KEY, "
            + "document " + text + " NOT NULL, "
            + "created_at " + time + ", "
            + "created_by VARCHAR(200))",
        "CREATE TABLE IF NOT EXISTS " + INSTANCES + " ("
            + "instance_id VARCHAR(64) NOT NULL PRIMARY KEY, "
            + "host VARCHAR(255), "
            + "pid BIGINT, "
            + "app_version VARCHAR(200), "
            + "rule_source VARCHAR(1000) NOT NULL, "
            + "revision VARCHAR(100), "
            + "started_at " + time + ", "
            + "heartbeat_at " + time + ", "
            + "lease_until " + time + ")");
  }

  /** Creates both tables where they do not exist. */
  public static void create(Connection connection, Dialect dialect) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String sql : ddl(dialect)) {
        s.execute(sql);
      }
    }
  }

  /** The database's current time, as an SQL expression. */
  static String now(Dialect dialect) {
    return dialect == Dialect.MARIADB ? "CURRENT_TIMESTAMP(3)" : "CURRENT_TIMESTAMP";
  }

  /** The database's current time plus {@code ?} milliseconds (one marker), as an SQL expression. */
  static String nowPlusMillis(Dialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> "CURRENT_TIMESTAMP + (? * INTERVAL '1 millisecond')";
      case MARIADB -> "TIMESTAMPADD(MICROSECOND, ? * 1000, CURRENT_TIMESTAMP(3))";
      default -> "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
    };
  }

  /**
   * Whether {@code e} (or an exception it chains) says a table does not exist: PostgreSQL {@code 42P01},
   * MariaDB {@code 42S02}, H2's error codes {@code 42102}, {@code 42103} and {@code 42104} (its SQLState
   * varies with the error code).
   */
  public static boolean isMissingTable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && (MISSING_TABLE_STATES.contains(String.valueOf(sql.getSQLState()))
          || MISSING_TABLE_H2_CODES.contains(sql.getErrorCode()) && t.getClass().getName().startsWith("org.h2."))) {
        return true;
      }
    }
    return false;
  }
}
