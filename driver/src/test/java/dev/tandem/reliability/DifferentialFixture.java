package dev.tandem.reliability;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine, one move, one phase: a database whose table {@code t(id, n, from, to)} is reached
 * through Tandem (and raw, to see what is stored), and a reference database holding the one-column
 * table {@code truth(id, n, v)} and a two-column table {@code t} that queries are answered from,
 * rebuilt from {@code truth} before each query with both columns exactly as the reference says.
 * Kept open across tries; {@link #reset()} puts back the seed rows.
 */
final class DifferentialFixture implements AutoCloseable {
  final Engine engine;
  final DifferentialMove move;
  final Phase phase;
  private final TestDatabase db;
  private final TestDatabase referenceDb;
  final Connection tandem;
  final Connection raw;
  final Connection reference;
  /** Whether a write ran since the seed rows were put back / since {@code t} was rebuilt: skips needless work. */
  private boolean written = true;
  private boolean rebuilt;

  private DifferentialFixture(Engine engine, DifferentialMove move, Phase phase, TestDatabase db,
      TestDatabase referenceDb, Connection tandem, Connection raw, Connection reference) {
    this.engine = engine;
    this.move = move;
    this.phase = phase;
    this.db = db;
    this.referenceDb = referenceDb;
    this.tandem = tandem;
    this.raw = raw;
    this.reference = reference;
  }

  static DifferentialFixture open(Engine engine, DifferentialMove move, Phase phase, Path rulesDir) throws Exception {
    TestDatabase db = TestDatabases.fresh(engine);
    TestDatabase referenceDb = TestDatabases.fresh(engine);
    String table = "CREATE TABLE t (id INT PRIMARY KEY, n INT, " + move.from + " " + move.fromType + ", "
        + move.to + " " + move.toType + ")";
    db.execute(table);
    referenceDb.execute(table, "CREATE TABLE truth (id INT PRIMARY KEY, n INT, v " + move.toType + ")");
    Path rules = rulesDir.resolve(engine + "-" + move + "-" + phase + ".yaml");
    Files.writeString(rules, move.yaml(phase));
    Connection tandem = DriverManager.getConnection(db.tandemUrl("tandem.rules", rules.toString()));
    return new DifferentialFixture(engine, move, phase, db, referenceDb, tandem, db.openRaw(), referenceDb.openRaw());
  }

  /**
   * The seed rows: 1 and 2 agree in both columns, 3 is NULL in both. Row 4 is what the phase
   * allows: in expand an old row not backfilled yet ({@code to} NULL), in contract a row updated
   * during contract whose old column is stale.
   */
  void reset() throws SQLException {
    if (!written) {
      return;
    }
    List<String> rows = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      String[] seed = move.seed(id);
      String from = seed[1];
      String to = seed[2];
      if (id == 4 && phase == Phase.EXPAND) {
        to = "NULL";
      } else if (id == 4 && phase == Phase.CONTRACT) {
        from = move.staleOld();
      }
      rows.add("(" + id + ", " + seed[0] + ", " + from + ", " + to + ")");
      truth.add("(" + id + ", " + seed[0] + ", " + seed[2] + ")");
    }
    execute(raw, "DELETE FROM t", "INSERT INTO t (id, n, " + move.from + ", " + move.to + ") VALUES "
        + String.join(", ", rows));
    execute(reference, "DELETE FROM truth", "INSERT INTO truth (id, n, v) VALUES " + String.join(", ", truth));
    written = false;
    rebuilt = false;
  }

  /** Notes that a statement that may write ran, on either side. */
  void wrote() {
    written = true;
    rebuilt = false;
  }

  /** Rebuilds the reference's two-column {@code t} from {@code truth}: {@code from = backward(v)}, {@code to = v}. */
  void rebuildReadTable() throws SQLException {
    if (rebuilt) {
      return;
    }
    rebuilt = true;
    execute(reference, "DELETE FROM t", "INSERT INTO t (id, n, " + move.from + ", " + move.to + ") SELECT id, n, "
        + move.backward("v") + ", v FROM truth");
  }

  /**
   * What Tandem's table holds, one row a line, in the columns this phase keeps correct: in expand the
   * new column as it reads ({@code COALESCE(to, forward(from))}, old rows are not backfilled yet);
   * in contract the old column is left out (it is no longer written).
   */
  String stored() throws SQLException {
    String to = phase == Phase.EXPAND ? "COALESCE(" + move.to + ", " + move.forward(move.from) + ")" : move.to;
    String from = phase == Phase.CONTRACT ? "NULL" : move.from;
    return DifferentialResult.rows(raw, "SELECT id, n, " + from + ", " + to + " FROM t ORDER BY id");
  }

  /** What the reference says Tandem's table should hold, in the form of {@link #stored()}. */
  String expected() throws SQLException {
    String from = phase == Phase.CONTRACT ? "NULL" : move.backward("v");
    return DifferentialResult.rows(reference, "SELECT id, n, " + from + ", v FROM truth ORDER BY id");
  }

  /** The SQL Tandem sends for {@code sql}, or why it refuses it. */
  String sent(String sql) {
    try {
      return tandem.unwrap(TandemConnection.class).plan(sql).sql();
    } catch (SQLException e) {
      return "refused: " + e.getMessage();
    }
  }

  String referenceSql(DifferentialStatement statement) {
    return statement.sql().in(new DifferentialTarget(move, engine, true));
  }

  String applicationSql(DifferentialStatement statement) {
    return statement.render(engine);
  }

  private static void execute(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String each : sql) {
        s.execute(each);
      }
    }
  }

  @Override
  public String toString() {
    return engine + "/" + phase.yamlName() + "/" + move;
  }

  @Override
  public void close() throws SQLException {
    try (db; referenceDb; tandem; raw; reference) {
      // closes all, in reverse order
    }
  }
}
