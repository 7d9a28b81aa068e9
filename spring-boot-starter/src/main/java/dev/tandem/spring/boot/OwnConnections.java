package dev.tandem.spring.boot;

import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ClassUtils;

/**
 * The unpooled data source Tandem opens its own connections from when its rules are in a table (it reads
 * revisions and renews the instance's lease on them, which must not hold one of the application's pooled
 * connections): the same URL, user and password as the application's pool, read off it by Boot's
 * {@link DataSourceBuilder#derivedFrom}, which knows HikariCP, Tomcat, DBCP2, UCP and the vendors' own.
 */
final class OwnConnections {
  private static final System.Logger LOG = System.getLogger(OwnConnections.class.getName());

  private OwnConnections() {}

  /** An unpooled data source on {@code pool}'s database, or {@code null} when its settings cannot be read. */
  static DataSource derivedFrom(DataSource pool) {
    ClassLoader loader = OwnConnections.class.getClassLoader();
    if (!ClassUtils.isPresent("org.springframework.boot.jdbc.DataSourceBuilder", loader)
        || !ClassUtils.isPresent("org.springframework.jdbc.datasource.SimpleDriverDataSource", loader)) {
      return null;
    }
    try {
      return DataSourceBuilder.derivedFrom(pool).type(SimpleDriverDataSource.class).build();
    } catch (RuntimeException e) {
      // Only rules in a table need them; the driver's refusal then says to give them (TandemDataSource.ownConnections).
      LOG.log(System.Logger.Level.DEBUG, "cannot derive Tandem's own connections from {0}: {1}",
          pool.getClass().getName(), e.getMessage());
      return null;
    }
  }
}
