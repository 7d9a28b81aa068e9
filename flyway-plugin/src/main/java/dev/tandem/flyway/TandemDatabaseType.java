package dev.tandem.flyway;

import dev.tandem.TandemDriver;
import java.sql.Connection;
import java.sql.Types;
import java.util.Properties;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.DatabaseType;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Lets Flyway open {@code jdbc:tandem:} URLs. Flyway picks a database type twice: by the URL, to
 * know which driver opens it, and then by the open connection's product name, to know how to talk
 * to the database. This type answers only the first: the Tandem driver opens the URL, with the
 * vendor type's URL settings (user and password detection, default properties) for the URL inside
 * it. For the second it never claims a connection, so the vendor's own type (PostgreSQL, MariaDB,
 * H2 …) migrates, through the Tandem connection: Flyway's DDL passes through unchanged and its DML
 * on moved tables is rewritten like the application's.
 */
public final class TandemDatabaseType extends BaseDatabaseType {
  private static final String PREFIX = "jdbc:tandem:";

  @Override
  public String getName() {
    return "Tandem";
  }

  @Override
  public int getNullType() {
    return Types.NULL;
  }

  @Override
  public boolean handlesJDBCUrl(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  @Override
  public String getDriverClass(String url, ClassLoader classLoader) {
    return TandemDriver.class.getName();
  }

  /** Never: the connection is the vendor database's, whose own type talks to it. */
  @Override
  public boolean handlesDatabaseProductNameAndVersion(String productName, String productVersion,
      Connection connection) {
    return false;
  }

  @Override
  public Database createDatabase(Configuration configuration, JdbcConnectionFactory connections,
      StatementInterceptor interceptor) {
    throw notByConnection();
  }

  @Override
  public Parser createParser(Configuration configuration, ResourceProvider resources, ParsingContext context) {
    throw notByConnection();
  }

  @Override
  public void setDefaultConnectionProps(String url, Properties props, ClassLoader classLoader) {
    vendor(url).setDefaultConnectionProps(inner(url), props, classLoader);
  }

  @Override
  public boolean detectUserRequiredByUrl(String url) {
    return vendor(url).detectUserRequiredByUrl(inner(url));
  }

  @Override
  public boolean detectPasswordRequiredByUrl(String url) {
    return vendor(url).detectPasswordRequiredByUrl(inner(url));
  }

  @Override
  public boolean externalAuthPropertiesRequired(String url, String user, String password) {
    return vendor(url).externalAuthPropertiesRequired(inner(url), user, password);
  }

  @Override
  public Properties getExternalAuthProperties(String url, String user) {
    return vendor(url).getExternalAuthProperties(inner(url), user);
  }

  /** The vendor URL inside a Tandem one: {@code jdbc:tandem:postgresql://…} is {@code jdbc:postgresql://…}. */
  static String inner(String url) {
    return "jdbc:" + url.substring(PREFIX.length());
  }

  /** The Flyway type of the vendor URL inside {@code url}. */
  private DatabaseType vendor(String url) {
    String inner = inner(url);
    for (DatabaseType type : DatabaseTypeRegister.getDatabaseTypes()) {
      if (!(type instanceof TandemDatabaseType) && type.handlesJDBCUrl(inner)) {
        return type;
      }
    }
    throw new FlywayException("No Flyway database plugin handles " + DatabaseTypeRegister.redactJdbcUrl(inner)
        + ", the URL inside " + DatabaseTypeRegister.redactJdbcUrl(url)
        + ": add the vendor's Flyway module (flyway-database-postgresql, flyway-mysql …) beside tandem-flyway");
  }

  private static FlywayException notByConnection() {
    return new FlywayException("Tandem's Flyway type only opens jdbc:tandem: URLs; the vendor database's own type "
        + "should have been chosen from the connection. Is the vendor's Flyway module on the class path?");
  }
}
