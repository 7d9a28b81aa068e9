package dev.tandem.liquibase;

import dev.tandem.TandemDriver;
import liquibase.database.AbstractJdbcDatabase;
import liquibase.database.DatabaseConnection;

/**
 * Lets Liquibase open {@code jdbc:tandem:} URLs without a {@code --driver} option. Liquibase asks
 * every database it knows for the driver of a URL, then picks the database from the open
 * connection. This one answers only the first question (the Tandem driver opens the URL) and never
 * claims a connection, so the vendor's own Liquibase database (PostgreSQL, MariaDB, H2 …) runs the
 * changelog, through the Tandem connection: its DDL passes through as written, and its data changes
 * on moved tables are rewritten like the application's.
 */
public final class TandemUrlDatabase extends AbstractJdbcDatabase {
  private static final String PREFIX = "jdbc:tandem:";

  @Override
  public String getDefaultDriver(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? TandemDriver.class.getName() : null;
  }

  /** Never: the connection is the vendor database's, whose own Liquibase database talks to it. */
  @Override
  public boolean isCorrectDatabaseImplementation(DatabaseConnection connection) {
    return false;
  }

  @Override
  protected String getDefaultDatabaseProductName() {
    return "Tandem";
  }

  @Override
  public String getShortName() {
    return "tandem";
  }

  @Override
  public Integer getDefaultPort() {
    return null;
  }

  @Override
  public boolean supportsInitiallyDeferrableColumns() {
    return false;
  }

  @Override
  public boolean supportsTablespaces() {
    return false;
  }

  /** Below every real database, so it is never chosen where another one fits. */
  @Override
  public int getPriority() {
    return PRIORITY_DEFAULT - 10;
  }
}
