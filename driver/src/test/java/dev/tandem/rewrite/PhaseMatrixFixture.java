package dev.tandem.rewrite;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.math.BigDecimal;
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
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The schema of {@link EndToEndFixture} with a {@code note} column beside the renamed one and
 * unique indexes on both email columns (for conflict targets), under rules that give the type
 * change the transforms issue 12 reports against ({@code CAST(ROUND({to} * 100) AS INT)}) and keep
 * the one-way lookup of {@code conversation}, and the
 * helpers to see what the application reads: each value with its label and Java class.
 */
final class PhaseMatrixFixture {
  private static final String RULES = "version: 1\nmoves:\n"
      + "  - {table: customer, from: email, to: email_address, phase: %1$s}\n"
      + "  - {table: product, from: price_cents, to: price, forward: '{from} / 100.0',"
      + " backward: 'CAST(ROUND({to} * 100) AS INT)', phase: %1$s}\n"
      + "  - {table: conversation, from: last_message_id, to: last_message_at,"
      + " forward: '(SELECT m.sent_at FROM message m WHERE m.id = {from})', backward: null, phase: %1$s}\n";

  private PhaseMatrixFixture() {}

  /** Every engine with every phase, for {@code @MethodSource}. */
  static Stream<Arguments> enginesAndPhases() {
    return Stream.of(Engine.values()).flatMap(e -> Stream.of(Phase.values()).map(p -> Arguments.of(e, p)));
  }

  /** H2 and PostgreSQL with every phase: the engines that have row-value assignments. */
  static Stream<Arguments> h2AndPostgresqlInEveryPhase() {
    return enginesAndPhases().filter(a -> a.get()[0] != Engine.MARIADB);
  }

  static TestDatabase schema(Engine engine, String... rows) throws SQLException {
    TestDatabase db = EndToEndFixture.schema(engine,
        "ALTER TABLE customer ADD COLUMN note VARCHAR(100)",
        "CREATE UNIQUE INDEX customer_email ON customer (email)",
        "CREATE UNIQUE INDEX customer_email_address ON customer (email_address)");
    db.execute(rows);
    return db;
  }

  static Connection connect(TestDatabase db, Path dir, Phase phase) throws Exception {
    Path file = dir.resolve("matrix-" + phase.yamlName() + ".yaml");
    Files.writeString(file, String.format(RULES, phase.yamlName()));
    return DriverManager.getConnection(db.tandemUrl("tandem.rules", file.toString()));
  }

  static int update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, values);
      return ps.executeUpdate();
    }
  }

  /** The rows of a query through {@code c} as the application reads them. */
  static List<List<Cell>> read(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, values);
      try (ResultSet rs = ps.executeQuery()) {
        return cells(rs);
      }
    }
  }

  static List<List<Cell>> cells(ResultSet rs) throws SQLException {
    List<List<Cell>> rows = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Cell> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(new Cell(rs.getMetaData().getColumnLabel(i), rs.getObject(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** What is stored, on a raw connection: one string a row, {@code a | b}, numbers by value. */
  static List<String> stored(TestDatabase db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof Number number
              ? new BigDecimal(number.toString()).stripTrailingZeros().toPlainString() : String.valueOf(v));
        }
        rows.add(String.join(" | ", row));
      }
    }
    return rows;
  }

  private static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      ps.setObject(i + 1, values[i]);
    }
  }

  static Cell cell(String label, Object value) {
    return new Cell(label, value);
  }

  /**
   * One value as the application reads it: the label it reads it by (compared ignoring case, as
   * {@code getString(label)} does: H2 reports unquoted names in upper case), the value and its Java
   * class ({@link BigDecimal} compared with its scale, {@code Integer} is not {@code Long}).
   */
  record Cell(String label, Object value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Cell c && label.equalsIgnoreCase(c.label) && Objects.equals(value, c.value);
    }

    @Override
    public int hashCode() {
      return label.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
      return label + "=" + (value == null ? "NULL" : value + " (" + value.getClass().getSimpleName() + ")");
    }
  }
}
