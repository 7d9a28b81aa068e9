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

/**
 * What Tandem costs when it has nothing to do: a prepared point SELECT and a prepared INSERT on H2
 * in-memory, through the raw H2 driver and through {@code jdbc:tandem:h2:…} with no rules. H2
 * in-memory is the floor (about 0.7 µs per SELECT), so any overhead shows.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmark -am package -DskipTests && java -jar benchmark/target/benchmarks.jar
 * PassThroughBenchmark -rf json -rff benchmark/results/pass-through.json}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class PassThroughBenchmark {

  /** {@code raw}: the H2 driver; {@code tandem}: Tandem with no rules over it. */
  @Param({"raw", "tandem"})
  public String driver;

  private Connection connection;
  private PreparedStatement select;
  private PreparedStatement insert;
  private int id;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    String url = "jdbc:h2:mem:bench_" + driver + ";DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS item (id INT PRIMARY KEY, name VARCHAR(50), qty INT)");
      s.execute("MERGE INTO item KEY (id) VALUES (1, 'one', 1)");
    }
    connection = DriverManager.getConnection(driver.equals("raw") ? url : url.replace("jdbc:", "jdbc:tandem:"));
    select = connection.prepareStatement("SELECT name, qty FROM item WHERE id = ?");
    insert = connection.prepareStatement("INSERT INTO item (id, name, qty) VALUES (?, ?, ?)");
    id = 1_000;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE item");
    }
    connection.close();
  }

  @Benchmark
  public String preparedSelect() throws SQLException {
    select.setInt(1, 1);
    try (ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Benchmark
  public int preparedInsert() throws SQLException {
    insert.setInt(1, ++id);
    insert.setString(2, "n");
    insert.setInt(3, 1);
    return insert.executeUpdate();
  }
}
