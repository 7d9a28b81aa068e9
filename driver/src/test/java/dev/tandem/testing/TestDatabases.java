package dev.tandem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Finds the database servers the end-to-end tests run on.
 *
 * <ul>
 *   <li>H2 is embedded and always there.
 *   <li>PostgreSQL: {@code TANDEM_TEST_POSTGRES_URL}, a vendor JDBC URL with credentials, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 *   <li>MariaDB: {@code TANDEM_TEST_MARIADB_URL}, e.g. {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}.
 * </ul>
 *
 * <p>When a variable is unset and Docker is available, a Testcontainers container is started
 * instead (once per JVM). Otherwise the test is skipped with a message saying what to set, unless
 * {@code TANDEM_TEST_REQUIRE_DATABASES=true}, which turns a missing database into a failure (CI sets it).
 */
public final class TestDatabases {
  public static final String POSTGRES_URL = "TANDEM_TEST_POSTGRES_URL";
  public static final String MARIADB_URL = "TANDEM_TEST_MARIADB_URL";
  public static final String REQUIRE = "TANDEM_TEST_REQUIRE_DATABASES";

  private static JdbcDatabaseContainer<?> postgresContainer;
  private static JdbcDatabaseContainer<?> mariadbContainer;

  private TestDatabases() {}

  /**
   * A fresh, isolated namespace on {@code engine}; the caller closes it. Skips (or, under
   * {@code TANDEM_TEST_REQUIRE_DATABASES=true}, fails) the test when the engine is not reachable.
   */
  public static TestDatabase fresh(Engine engine) {
    String namespace = "tandem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      switch (engine) {
        case H2:
          return new TestDatabase(engine, "jdbc:h2:mem:" + namespace + ";DB_CLOSE_DELAY=-1", namespace, null);
        case POSTGRESQL: {
          String admin = serverUrl(engine);
          try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + namespace);
          }
          return new TestDatabase(engine, withParameter(admin, "currentSchema", namespace), namespace, admin);
        }
        case MARIADB: {
          String admin = serverUrl(engine);
          try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + namespace);
          }
          return new TestDatabase(engine, withDatabase(admin, namespace), namespace, admin);
        }
        default:
          throw new IllegalArgumentException(engine.name());
      }
    } catch (SQLException e) {
      return unavailable(engine, "cannot connect: " + e.getMessage());
    }
  }

  /** Whether {@code engine} can be reached, without skipping or failing. */
  public static boolean available(Engine engine) {
    if (engine == Engine.H2) {
      return true;
    }
    String url = System.getenv(variable(engine));
    return (url != null && !url.isBlank()) || dockerAvailable();
  }

  private static String serverUrl(Engine engine) {
    String url = System.getenv(variable(engine));
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (!dockerAvailable()) {
      unavailable(engine, variable(engine) + " is not set and Docker is not available");
    }
    return containerUrl(engine);
  }

  private static synchronized String containerUrl(Engine engine) {
    JdbcDatabaseContainer<?> container;
    if (engine == Engine.POSTGRESQL) {
      if (postgresContainer == null) {
        postgresContainer = new PostgreSQLContainer<>("postgres:15-alpine");
        postgresContainer.start();
      }
      container = postgresContainer;
    } else {
      if (mariadbContainer == null) {
        mariadbContainer = new MariaDBContainer<>("mariadb:10.11").withUsername("root").withPassword("");
        mariadbContainer.start();
      }
      container = mariadbContainer;
    }
    String url = container.getJdbcUrl();
    url = withParameter(url, "user", container.getUsername());
    return withParameter(url, "password", container.getPassword());
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  private static String variable(Engine engine) {
    return engine == Engine.POSTGRESQL ? POSTGRES_URL : MARIADB_URL;
  }

  private static TestDatabase unavailable(Engine engine, String why) {
    String message = engine + " is not available (" + why + "). Set " + variable(engine)
        + " to a vendor JDBC URL with credentials, or run Docker for Testcontainers.";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
      Assertions.fail(message + " " + REQUIRE + "=true makes this a failure.");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  static String withParameter(String url, String key, String value) {
    if (value == null) {
      return url;
    }
    return url + (url.indexOf('?') < 0 ? '?' : '&') + key + '=' + value;
  }

  /** Replaces the database in {@code jdbc:mariadb://host:port/db?params}. */
  static String withDatabase(String url, String database) {
    int hostStart = url.indexOf("//") + 2;
    int query = url.indexOf('?');
    String head = query < 0 ? url : url.substring(0, query);
    String tail = query < 0 ? "" : url.substring(query);
    int slash = head.indexOf('/', hostStart);
    String hostPart = slash < 0 ? head : head.substring(0, slash);
    return hostPart + "/" + database.toLowerCase(Locale.ROOT) + tail;
  }
}
