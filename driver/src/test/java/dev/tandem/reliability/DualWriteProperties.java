package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.jdbc.TandemConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * Property-based proof of the dual write (SPEC §2, expand), on H2, for a rename and a type change.
 * jqwik generates INSERTs (one or several rows, columns in any order, values as {@code ?},
 * literals or NULL) and UPDATEs (random subsets of columns, literal, parameter or arithmetic
 * values, a WHERE clause) that name one column of the move. For each:
 * <ol>
 *   <li>the SQL Tandem sends parses again with JSqlParser;
 *   <li>running it through Tandem leaves exactly the table that running the original statement on a
 *       raw connection and then the hand-written dual write ({@code UPDATE t SET to = forward(from)},
 *       or {@code from = backward(to)}) leaves.
 * </ol>
 */
class DualWriteProperties {
  /** The two moves, each on its own table {@code t(id, n, from, to)}. */
  enum Move {
    RENAME("a", "b", "INT", "{from}", "{to}"),
    TYPE_CHANGE("cents", "amount", "NUMERIC(12, 2)", "{from} / 100.0", "ROUND({to} * 100.0)");

    final String from;
    final String to;
    final String toType;
    final String forward;
    final String backward;

    Move(String from, String to, String toType, String forward, String backward) {
      this.from = from;
      this.to = to;
      this.toType = toType;
      this.forward = forward;
      this.backward = backward;
    }

    String yaml() {
      return "version: 1\nmoves:\n  - {table: t, from: " + from + ", to: " + to + ", forward: '" + forward
          + "', backward: '" + backward + "', phase: expand}\n";
    }

    /** A value for {@code column} as SQL text: an integer for the old column, two decimals for the new one's type change. */
    Object value(String column, int seed) {
      return column.equals(to) && this == TYPE_CHANGE ? new java.math.BigDecimal(seed).movePointLeft(2) : seed;
    }
  }

  private static Path rulesDir;

  @BeforeContainer
  static void rules() throws Exception {
    rulesDir = Files.createTempDirectory("tandem-properties");
    for (Move move : Move.values()) {
      Files.writeString(rulesDir.resolve(move.name() + ".yaml"), move.yaml());
    }
  }

  @AfterContainer
  static void removeRules() throws Exception {
    for (Move move : Move.values()) {
      Files.deleteIfExists(rulesDir.resolve(move.name() + ".yaml"));
    }
    Files.deleteIfExists(rulesDir);
  }

  @Property(tries = 100)
  void rename_throughTandem_equalsOriginalPlusDualWrite(@ForAll("renameWrites") GeneratedWrite write) throws Exception {
    check(Move.RENAME, write);
  }

  @Property(tries = 100)
  void typeChange_throughTandem_equalsOriginalPlusDualWrite(@ForAll("typeChangeWrites") GeneratedWrite write)
      throws Exception {
    check(Move.TYPE_CHANGE, write);
  }

  @Provide
  Arbitrary<GeneratedWrite> renameWrites() {
    return writes(Move.RENAME);
  }

  @Provide
  Arbitrary<GeneratedWrite> typeChangeWrites() {
    return writes(Move.TYPE_CHANGE);
  }

  private static Arbitrary<GeneratedWrite> writes(Move move) {
    return Arbitraries.oneOf(inserts(move), updates(move));
  }

  /** One value: a {@code ?} (with its binding), a literal, or NULL; {@code [sqlText, binding-or-marker]}. */
  private static Arbitrary<Object[]> value(Move move, String column) {
    Arbitrary<Integer> seeds = Arbitraries.integers().between(-500, 5000);
    return Arbitraries.oneOf(
        seeds.map(s -> new Object[] {"?", move.value(column, s)}),
        seeds.map(s -> new Object[] {String.valueOf(move.value(column, s)), null}),
        Arbitraries.just(new Object[] {"NULL", null}));
  }

  private static Arbitrary<GeneratedWrite> inserts(Move move) {
    Arbitrary<Boolean> namesFrom = Arbitraries.of(true, false);
    return namesFrom.flatMap(fromSide -> {
      String column = fromSide ? move.from : move.to;
      Arbitrary<List<String>> columns = Arbitraries.shuffle("id", "n", column);
      Arbitrary<List<Object[][]>> rows = Combinators.combine(value(move, "n"), value(move, column))
          .as((n, v) -> new Object[][] {n, v}).list().ofMinSize(1).ofMaxSize(3);
      return Combinators.combine(columns, rows)
          .as((cols, values) -> insert(cols, values, column, fromSide));
    });
  }

  private static GeneratedWrite insert(List<String> columns, List<Object[][]> rows, String column, boolean fromSide) {
    List<Object> parameters = new ArrayList<>();
    List<String> tuples = new ArrayList<>();
    int id = 100;
    for (Object[][] row : rows) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        if (c.equals("id")) {
          cells.add("?");
          parameters.add(id++);
        } else {
          Object[] value = c.equals("n") ? row[0] : row[1];
          cells.add((String) value[0]);
          if ("?".equals(value[0])) {
            parameters.add(value[1]);
          }
        }
      }
      tuples.add("(" + String.join(", ", cells) + ")");
    }
    return new GeneratedWrite("INSERT INTO t (" + String.join(", ", columns) + ") VALUES " + String.join(", ", tuples),
        parameters, fromSide);
  }

  private static Arbitrary<GeneratedWrite> updates(Move move) {
    return Arbitraries.of(true, false).flatMap(fromSide -> {
      String column = fromSide ? move.from : move.to;
      Arbitrary<Object[]> arithmetic = Arbitraries.integers().between(1, 9)
          .map(k -> new Object[] {column + " + " + move.value(column, k), null});
      Arbitrary<Object[]> movedValue = Arbitraries.oneOf(value(move, column), arithmetic);
      Arbitrary<Object[]> nValue = Arbitraries.oneOf(value(move, "n"),
          Arbitraries.just(new Object[] {"n * 2", null}));
      Arbitrary<Boolean> alsoN = Arbitraries.of(true, false);
      Arbitrary<Boolean> nFirst = Arbitraries.of(true, false);
      Arbitrary<Object[]> where = Arbitraries.oneOf(
          Arbitraries.integers().between(1, 4).map(id -> new Object[] {"id = ?", id}),
          Arbitraries.integers().between(0, 4).map(id -> new Object[] {"id > " + id, null}),
          Arbitraries.just(new Object[] {"n IS NULL", null}),
          Arbitraries.integers().between(1, 4).map(k -> new Object[] {column + " = " + move.value(column, k * 100), null}),
          Arbitraries.integers().between(1, 4).map(k -> new Object[] {column + " > ?", move.value(column, k * 100)}));
      return Combinators.combine(movedValue, nValue, alsoN, nFirst, where).as((mv, nv, withN, first, w) -> {
        List<Object> parameters = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        List<Object[]> parts = new ArrayList<>();
        parts.add(new Object[] {column, mv});
        if (withN) {
          parts.add(first ? 0 : 1, new Object[] {"n", nv});
        }
        for (Object[] part : parts) {
          Object[] value = (Object[]) part[1];
          sets.add(part[0] + " = " + value[0]);
          if ("?".equals(value[0])) {
            parameters.add(value[1]);
          }
        }
        if (w[1] != null) {
          parameters.add(w[1]);
        }
        return new GeneratedWrite("UPDATE t SET " + String.join(", ", sets) + " WHERE " + w[0], parameters, fromSide);
      });
    });
  }

  private static void check(Move move, GeneratedWrite write) throws Exception {
    String name = "p_" + UUID.randomUUID().toString().replace("-", "");
    String tandemUrl = "jdbc:tandem:h2:mem:" + name + "_t;tandem.schemaCheck=false;tandem.rules="
        + rulesDir.resolve(move.name() + ".yaml");
    String referenceUrl = "jdbc:h2:mem:" + name + "_r";
    try (Connection tandem = DriverManager.getConnection(tandemUrl);
        Connection reference = DriverManager.getConnection(referenceUrl)) {
      seed(reference, move);
      seed(rawOf(tandem), move);

      String sent = tandem.unwrap(TandemConnection.class).plan(write.sql()).sql();
      CCJSqlParserUtil.parse(sent);
      run(tandem, write.sql(), write.parameters());
      run(reference, write.sql(), write.parameters());
      try (Statement s = reference.createStatement()) {
        s.executeUpdate(write.namesFrom()
            ? "UPDATE t SET " + move.to + " = " + move.forward.replace("{from}", move.from)
            : "UPDATE t SET " + move.from + " = " + move.backward.replace("{to}", move.to));
      }
      assertThat(contents(tandem, move)).as("sent: " + sent).isEqualTo(contents(reference, move));
    }
  }

  /** The vendor connection under a Tandem one, so the seed rows are written as they are. */
  private static Connection rawOf(Connection tandem) throws SQLException {
    return tandem.unwrap(org.h2.jdbc.JdbcConnection.class);
  }

  /** Four rows whose two columns agree, one of them NULL in both, before every statement. */
  private static void seed(Connection c, Move move) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT, " + move.from + " INT, " + move.to + " " + move.toType + ")");
      for (int id = 1; id <= 4; id++) {
        String from = id == 4 ? "NULL" : String.valueOf(id * 100);
        String to = id == 4 ? "NULL" : move.forward.replace("{from}", from);
        s.execute("INSERT INTO t VALUES (" + id + ", " + (id == 3 ? "NULL" : id) + ", " + from + ", " + to + ")");
      }
    }
  }

  private static void run(Connection c, String sql, List<Object> parameters) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      statement.executeUpdate();
    }
  }

  private static List<String> contents(Connection c, Move move) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, n, " + move.from + ", " + move.to + " FROM t ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
      }
    }
    return rows;
  }
}
