package dev.tandem.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
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
 * Dual writes on PostgreSQL over loopback: the statement writes both columns because Tandem
 * rewrote it ({@code tandem}), a PL/pgSQL BEFORE trigger copies the column as the Keystone approach
 * does ({@code trigger}), or nothing keeps the new column filled ({@code none}, the floor). The
 * application's SQL names only the old column in every mode. {@code synchronous_commit} is off, so
 * the commit's fsync does not hide the difference.
 *
 * <p>Needs a server: {@code TANDEM_BENCH_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); {@code benchmark/run.sh} skips this
 * benchmark with a message when none answers. Run: {@code benchmark/run.sh quick PostgresDualWriteBenchmark}.
 */
@State(Scope.Thread)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostgresDualWriteBenchmark {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final int ROWS = 100_000;

  @Param({"none", "tandem", "trigger"})
  public String mode;

  private String schema;
  private Connection admin;
  private Connection connection;
  private PreparedStatement insert;
  private PreparedStatement update;
  private long nextId;

  static String serverUrl() {
    String url = System.getenv("TANDEM_BENCH_POSTGRES_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url = serverUrl();
    schema = "tandem_bench_" + mode;
    admin = DriverManager.getConnection(url);
    try (Statement s = admin.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
      s.execute("CREATE TABLE " + schema + ".bench_move (id BIGINT PRIMARY KEY, old_val INT, new_val INT)");
      s.execute("INSERT INTO " + schema + ".bench_move SELECT g, g, g FROM generate_series(1, " + ROWS + ") g");
      if (mode.equals("trigger")) {
        s.execute("CREATE FUNCTION " + schema + ".bench_move_sync() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.new_val := NEW.old_val; RETURN NEW; END $$");
        s.execute("CREATE TRIGGER bench_move_sync BEFORE INSERT OR UPDATE ON " + schema + ".bench_move"
            + " FOR EACH ROW EXECUTE FUNCTION " + schema + ".bench_move_sync()");
      }
      s.execute("ANALYZE " + schema + ".bench_move");
    }
    String vendor = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    if (mode.equals("tandem")) {
      Path rules = Files.createTempFile("tandem-bench", ".yaml");
      Files.writeString(rules, "version: 1\nmoves:\n  - table: bench_move\n    from: old_val\n    to: new_val\n"
          + "    phase: expand\n");
      rules.toFile().deleteOnExit();
      connection = DriverManager.getConnection(vendor.replace("jdbc:", "jdbc:tandem:") + "&tandem.rules="
          + rules);
    } else {
      connection = DriverManager.getConnection(vendor);
    }
    try (Statement s = connection.createStatement()) {
      s.execute("SET synchronous_commit = off");
    }
    insert = connection.prepareStatement("INSERT INTO bench_move (id, old_val) VALUES (?, ?)");
    update = connection.prepareStatement("UPDATE bench_move SET old_val = ? WHERE id = ?");
    nextId = ROWS;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    try {
      verifyBothColumns();
    } finally {
      connection.close();
      try (Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
      admin.close();
    }
  }

  /** A benchmark that quietly stopped dual-writing would measure nothing: check it did. */
  private void verifyBothColumns() throws SQLException {
    if (mode.equals("none")) {
      return;
    }
    try (Statement s = admin.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM " + schema + ".bench_move WHERE new_val IS DISTINCT FROM old_val")) {
      rs.next();
      if (rs.getLong(1) != 0) {
        throw new IllegalStateException(mode + ": " + rs.getLong(1) + " rows disagree");
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int insertRow() throws SQLException {
    long id = ++nextId;
    insert.setLong(1, id);
    insert.setInt(2, (int) id);
    return insert.executeUpdate();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int updateRow() throws SQLException {
    int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
    update.setInt(1, ThreadLocalRandom.current().nextInt());
    update.setLong(2, id);
    return update.executeUpdate();
  }

  /** Every row of the table in one statement: where a per-row trigger is known to cost most. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2, batchSize = 1)
  @Measurement(iterations = 5, batchSize = 1)
  public int bulkUpdate() throws SQLException {
    try (Statement s = connection.createStatement()) {
      return s.executeUpdate("UPDATE bench_move SET old_val = old_val + 1");
    }
  }
}
