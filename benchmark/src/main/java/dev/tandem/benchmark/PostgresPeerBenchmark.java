package dev.tandem.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The point SELECT of {@link DriverOverheadBenchmark} on PostgreSQL over loopback, where a round trip
 * to the server is most of the cost: the raw driver, Tandem with rules for another table and with
 * rules that move {@code conversation.subject} to {@code title}, and ShardingSphere-JDBC with the same
 * encrypt rule as on H2 ({@link H2Drivers#shardingSphere(String)}: its logical {@code subject} is
 * read from {@code title}). Prepared once ({@code selectPrepared}) and per call
 * ({@code selectPrepareEach}).
 *
 * <p>Each driver gets its own schema ({@code tandem_bench_peer_<driver>}), dropped at the end of the
 * trial. The row read has {@code subject} and {@code title} different, and the set-up checks that
 * every driver reads {@code title}'s value, so a peer that quietly stopped rewriting fails the run
 * instead of measuring a different query.
 *
 * <p>Needs a server: {@code TANDEM_BENCH_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); {@code benchmark/run.sh} skips it
 * with a message when none answers. Run: {@code benchmark/run.sh quick PostgresPeerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostgresPeerBenchmark {
  /** What every driver must read for column 2 of the row: {@code title}'s value, not {@code subject}'s. */
  private static final String TITLE = "from title";

  @Param({H2Drivers.RAW, H2Drivers.TANDEM_OTHER_TABLE, H2Drivers.TANDEM_REWRITING, H2Drivers.SHARDINGSPHERE})
  public String driver;

  private String schema;
  private Connection admin;
  private Connection connection;
  private String selectSql;
  private PreparedStatement select;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    String server = PostgresDualWriteBenchmark.serverUrl();
    schema = "tandem_bench_peer_" + driver.replace('-', '_');
    admin = DriverManager.getConnection(server);
    try (Statement s = admin.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
      s.execute("CREATE TABLE " + schema + ".conversation (id BIGINT PRIMARY KEY, subject VARCHAR(200),"
          + " title VARCHAR(200), created_at TIMESTAMP, last_message_id BIGINT, version INT)");
      // The table other-table.yaml moves a column of: it must exist for the connect-time schema check.
      s.execute("CREATE TABLE " + schema + ".customer (id BIGINT PRIMARY KEY, email VARCHAR(320),"
          + " email_address VARCHAR(320))");
      s.execute("INSERT INTO " + schema + ".conversation (id, subject, title, version) VALUES (1, 'from subject', '"
          + TITLE + "', 0)");
    }
    String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    connection = open(url);
    // ShardingSphere resolves unqualified names in PostgreSQL's default schema, public, whatever the
    // connection's search path: its statement names the schema.
    selectSql = driver.equals(H2Drivers.SHARDINGSPHERE)
        ? DriverOverheadBenchmark.SELECT.replace("c1_0.title", "c1_0.subject")
            .replace("from conversation", "from " + schema + ".conversation")
        : DriverOverheadBenchmark.SELECT;
    select = connection.prepareStatement(selectSql);
    String read = select(select);
    if (!TITLE.equals(read)) {
      throw new IllegalStateException(driver + " read '" + read + "' where title holds '" + TITLE + "'");
    }
  }

  private Connection open(String url) throws SQLException {
    String tandem = url.replace("jdbc:", "jdbc:tandem:");
    switch (driver) {
      case H2Drivers.RAW:
        return DriverManager.getConnection(url);
      case H2Drivers.TANDEM_OTHER_TABLE:
        return DriverManager.getConnection(tandem + "&tandem.rules=classpath:bench/other-table.yaml");
      case H2Drivers.TANDEM_REWRITING:
        return DriverManager.getConnection(tandem + "&tandem.rules=classpath:bench/conversation-rename.yaml");
      case H2Drivers.SHARDINGSPHERE:
        return H2Drivers.shardingSphere(url, () -> {
          PGSimpleDataSource postgres = new PGSimpleDataSource();
          postgres.setURL(url);
          return postgres;
        }).getConnection();
      default:
        throw new IllegalArgumentException("unknown driver " + driver);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    try {
      connection.close();
    } finally {
      try (Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
      admin.close();
    }
  }

  private static String select(PreparedStatement ps) throws SQLException {
    ps.setLong(1, 1L);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(2);
    }
  }

  @Benchmark
  public String selectPrepared() throws SQLException {
    return select(select);
  }

  @Benchmark
  public String selectPrepareEach() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(selectSql)) {
      return select(ps);
    }
  }
}
