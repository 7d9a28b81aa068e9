package dev.tandem.benchmark;

import com.p6spy.engine.spy.P6SpyDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The ways a benchmark can reach one H2 in-memory database: the raw driver, Tandem in its three
 * states, the two proxies applications already run (p6spy, datasource-proxy) and the nearest peer,
 * ShardingSphere-JDBC's encrypt feature with {@code conversation.subject} a logical column stored in
 * the physical column {@code title} by an identity "cipher" ({@link IdentityEncryptAlgorithm}).
 */
final class H2Drivers {
  /** One ShardingSphere data source per database URL: building one parses its metadata and takes seconds. */
  private static final java.util.Map<String, javax.sql.DataSource> SHARDINGSPHERE_SOURCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static final String RAW = "raw";
  /** The raw driver running the SQL Tandem's rewriting rules send: the hand-written dual write, the rewriting case's floor. */
  static final String RAW_REWRITTEN = "raw-rewritten";
  static final String TANDEM_NO_RULES = "tandem-no-rules";
  static final String TANDEM_OTHER_TABLE = "tandem-other-table";
  static final String TANDEM_REWRITING = "tandem-rewriting";
  static final String P6SPY = "p6spy";
  static final String DATASOURCE_PROXY = "datasource-proxy";
  static final String SHARDINGSPHERE = "shardingsphere";

  private H2Drivers() {}

  /** A fresh database with the {@code conversation} table the rules name. */
  static String createDatabase(String name) throws SQLException {
    String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS conversation (id BIGINT PRIMARY KEY, subject VARCHAR(200),"
          + " title VARCHAR(200), created_at TIMESTAMP, last_message_id BIGINT, version INT)");
      s.execute("CREATE TABLE IF NOT EXISTS message (id BIGINT PRIMARY KEY, sent_at TIMESTAMP)");
      // The table other-table.yaml moves a column of: it must exist for the connect-time schema check.
      s.execute("CREATE TABLE IF NOT EXISTS customer (id BIGINT PRIMARY KEY, email VARCHAR(320),"
          + " email_address VARCHAR(320))");
    }
    return url;
  }

  /**
   * ShardingSphere-JDBC over {@code url}: an encrypt rule maps the logical column {@code subject} of
   * {@code conversation} onto the cipher column {@code title}, encrypted by the identity algorithm, so a
   * write of {@code subject} is sent as a write of {@code title} and a read of it reads {@code title}.
   */
  static javax.sql.DataSource shardingSphere(String url) {
    return shardingSphere(url, () -> {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(url);
      return h2;
    });
  }

  /**
   * ShardingSphere-JDBC with the encrypt rule of {@link #shardingSphere(String)} over the data source
   * {@code vendor} makes, one per {@code key}.
   */
  static javax.sql.DataSource shardingSphere(String key, java.util.function.Supplier<javax.sql.DataSource> vendor) {
    return SHARDINGSPHERE_SOURCES.computeIfAbsent(key, k -> {
      var cipher = new org.apache.shardingsphere.encrypt.config.rule.EncryptColumnItemRuleConfiguration("title",
          "identity");
      var column = new org.apache.shardingsphere.encrypt.config.rule.EncryptColumnRuleConfiguration("subject", cipher);
      var table = new org.apache.shardingsphere.encrypt.config.rule.EncryptTableRuleConfiguration("conversation",
          java.util.List.of(column));
      var rule = new org.apache.shardingsphere.encrypt.config.EncryptRuleConfiguration(java.util.List.of(table),
          java.util.Map.of("identity", new org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration(
              IdentityEncryptAlgorithm.TYPE, new java.util.Properties())));
      try {
        return org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory.createDataSource("bench",
            vendor.get(), java.util.List.of(rule), new java.util.Properties());
      } catch (SQLException e) {
        throw new IllegalStateException("ShardingSphere-JDBC did not start: " + e.getMessage(), e);
      }
    });
  }

  /** A connection to {@code url} (a plain H2 URL) through {@code driver}. */
  static Connection open(String driver, String url) throws SQLException {
    String tandem = url.replace("jdbc:", "jdbc:tandem:");
    switch (driver) {
      case RAW:
      case RAW_REWRITTEN:
        return DriverManager.getConnection(url);
      case TANDEM_NO_RULES:
        return DriverManager.getConnection(tandem);
      case TANDEM_OTHER_TABLE:
        return DriverManager.getConnection(tandem + ";tandem.rules=classpath:bench/other-table.yaml");
      case TANDEM_REWRITING:
        return DriverManager.getConnection(tandem + ";tandem.rules=classpath:bench/conversation-rename.yaml");
      case P6SPY:
        // Log through SLF4J, bound to slf4j-nop: what p6spy costs when its log goes nowhere.
        System.setProperty("p6spy.config.appender", "com.p6spy.engine.spy.appender.Slf4JLogger");
        DriverManager.registerDriver(new P6SpyDriver());
        return DriverManager.getConnection(url.replace("jdbc:", "jdbc:p6spy:"));
      case DATASOURCE_PROXY:
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        return ProxyDataSourceBuilder.create(h2).name("bench").build().getConnection();
      case SHARDINGSPHERE:
        return shardingSphere(url).getConnection();
      default:
        throw new IllegalArgumentException("unknown driver " + driver);
    }
  }
}
