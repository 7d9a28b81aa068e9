package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.jdbc.Secrets;
import dev.tandem.jdbc.TandemUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/**
 * {@code --url JDBC_URL}: the database to work on, reached through the vendor's driver. A
 * {@code jdbc:tandem:} URL is accepted and unwrapped, so operators can paste the application's URL;
 * its {@code tandem.*} settings are dropped, because the tools must see the columns as stored.
 */
public final class DatabaseOption {
  @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
      description = "The database, as a vendor JDBC URL with credentials (jdbc:postgresql://…, jdbc:mariadb://…,"
          + " jdbc:h2:…); a jdbc:tandem: URL is unwrapped. The vendor driver must be on the class path.")
  String url;

  /** An open connection and what was learned about it. */
  public record Database(Connection connection, Dialect dialect, String maskedUrl) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  /** Connects to the database the option names. */
  public Database connect() throws SQLException {
    return connect(url);
  }

  /** Connects to {@code url}, unwrapping a Tandem URL, with auto-commit on. */
  public static Database connect(String url) throws SQLException {
    String vendorUrl = TandemUrl.accepts(url) ? TandemUrl.parse(url).vendorUrl() : url;
    Connection connection;
    try {
      connection = DriverManager.getConnection(vendorUrl);
    } catch (SQLException e) {
      if ("08001".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
        throw new SQLException("no JDBC driver on the class path accepts " + Secrets.maskUrl(vendorUrl)
            + "; put the vendor's driver jar in the distribution's lib/ folder (PostgreSQL's and MariaDB's are"
            + " there already)", "08001", e);
      }
      throw e;
    }
    try {
      connection.setAutoCommit(true);
      Dialect dialect = Dialect.fromUrl(vendorUrl);
      if (dialect == Dialect.GENERIC) {
        dialect = Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
      }
      return new Database(connection, dialect, Secrets.maskUrl(vendorUrl));
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }
}
