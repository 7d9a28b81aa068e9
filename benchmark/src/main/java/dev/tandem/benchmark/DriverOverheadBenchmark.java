package dev.tandem.benchmark;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rewrite.RewritePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
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

/**
 * What Tandem adds to each statement on H2 in-memory, the cheapest database there is (a prepared
 * point SELECT costs about 0.7 µs), so every nanosecond of overhead shows. Each driver runs the same
 * Hibernate-shaped SELECT by id and INSERT:
 * <ul>
 *   <li>{@code raw}: the H2 driver, the baseline every ratio is taken against;
 *   <li>{@code raw-rewritten}: the H2 driver running the SQL {@code tandem-rewriting} sends, each
 *       parameter set on every marker it fans out to, as a hand-written dual write would: the floor of
 *       the rewriting case (its ratio to this is Tandem's own cost);
 *   <li>{@code tandem-no-rules}: {@code jdbc:tandem:h2:…} without a rule file;
 *   <li>{@code tandem-other-table}: rules for a table these statements never name (the fast path);
 *   <li>{@code tandem-rewriting}: rules that move {@code conversation.subject} to {@code title}: the
 *       INSERT is dual-written, one parameter fanned out to two markers;
 *   <li>{@code p6spy}, {@code datasource-proxy}: the proxies applications already run, logging off;
 *   <li>{@code shardingsphere}: ShardingSphere-JDBC 5.5 (the nearest peer: it rewrites SQL in a JDBC
 *       driver) with an encrypt rule storing the logical {@code subject} in {@code title} through an
 *       identity algorithm: its INSERT of {@code subject} is sent as a write of {@code title}, and its
 *       SELECT reads the logical {@code subject} ({@code title} is hidden from it), i.e. {@code title}.
 * </ul>
 * {@code *Prepared} reuses one prepared statement (the cost of an execution); {@code *PrepareEach}
 * prepares per call, as ORMs without a statement cache do (the cost of a plan-cache hit). The insert
 * benchmarks delete the row they inserted in the same operation, so the table stays one row long and
 * the measurement does not drift with its size.
 *
 * <p>Run: {@code benchmark/run.sh quick DriverOverheadBenchmark} (or {@code full}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class DriverOverheadBenchmark {
  static final String SELECT = "select c1_0.id,c1_0.title,c1_0.version from conversation c1_0 where c1_0.id=?";
  static final String INSERT = "insert into conversation (created_at,last_message_id,subject,version,id)"
      + " values (?,?,?,?,?)";
  static final String DELETE = "delete from conversation where id=?";

  @Param({H2Drivers.RAW, H2Drivers.RAW_REWRITTEN, H2Drivers.TANDEM_NO_RULES, H2Drivers.TANDEM_OTHER_TABLE, H2Drivers.TANDEM_REWRITING,
      H2Drivers.P6SPY, H2Drivers.DATASOURCE_PROXY, H2Drivers.SHARDINGSPHERE})
  public String driver;

  private Connection connection;
  /** A raw connection to the same database, for resetting the table (unmeasured). */
  private Connection raw;
  /** {@link #SELECT}, or for ShardingSphere its logical form (its cipher column {@code title} is hidden). */
  private String selectSql;
  /** Per application index of the INSERT, the markers it is set on (raw-rewritten fans out by hand). */
  private int[][] insertTargets = {{}, {1}, {2}, {3}, {4}, {5}};
  private PreparedStatement select;
  private String insertSql;
  private PreparedStatement insert;
  private PreparedStatement delete;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    String url = H2Drivers.createDatabase("overhead");
    connection = H2Drivers.open(driver, url);
    raw = H2Drivers.open(H2Drivers.RAW, url);
    selectSql = driver.equals(H2Drivers.SHARDINGSPHERE) ? SELECT.replace("c1_0.title", "c1_0.subject") : SELECT;
    insertSql = INSERT;
    if (driver.equals(H2Drivers.RAW_REWRITTEN)) {
      try (Connection tandem = H2Drivers.open(H2Drivers.TANDEM_REWRITING, url)) {
        TandemConnection planner = tandem.unwrap(TandemConnection.class);
        selectSql = planner.plan(SELECT).sql();
        RewritePlan plan = planner.plan(INSERT);
        insertSql = plan.sql();
        for (int i = 1; i < insertTargets.length; i++) {
          insertTargets[i] = plan.parameters().isIdentity() ? new int[] {i} : plan.parameters().targetsOf(i);
        }
      }
    }
    select = connection.prepareStatement(selectSql);
    insert = connection.prepareStatement(insertSql);
    delete = connection.prepareStatement(DELETE);
  }

  /** The one row the selects read. */
  @Setup(Level.Iteration)
  public void resetTable() throws SQLException {
    try (Statement s = raw.createStatement()) {
      s.execute("DELETE FROM conversation");
      s.execute("INSERT INTO conversation (id, subject, title, version) VALUES (1, 'one', 'one', 0)");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    raw.close();
  }

  private static String select(PreparedStatement ps) throws SQLException {
    ps.setLong(1, 1L);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(2);
    }
  }

  private int insertAndDelete(PreparedStatement insert, PreparedStatement delete) throws SQLException {
    for (int t : insertTargets[1]) {
      insert.setTimestamp(t, null);
    }
    for (int t : insertTargets[2]) {
      insert.setNull(t, Types.BIGINT);
    }
    for (int t : insertTargets[3]) {
      insert.setString(t, "subject");
    }
    for (int t : insertTargets[4]) {
      insert.setInt(t, 0);
    }
    for (int t : insertTargets[5]) {
      insert.setLong(t, 2L);
    }
    int inserted = insert.executeUpdate();
    delete.setLong(1, 2L);
    return inserted + delete.executeUpdate();
  }

  @Benchmark
  public String selectPrepared() throws SQLException {
    return select(select);
  }

  @Benchmark
  public int insertPrepared() throws SQLException {
    return insertAndDelete(insert, delete);
  }

  @Benchmark
  public String selectPrepareEach() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(selectSql)) {
      return select(ps);
    }
  }

  @Benchmark
  public int insertPrepareEach() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(insertSql);
        PreparedStatement ds = connection.prepareStatement(DELETE)) {
      return insertAndDelete(ps, ds);
    }
  }
}
