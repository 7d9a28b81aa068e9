package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleLocation;
import dev.tandem.rules.RuleSource;
import dev.tandem.rules.RuleSourceRegistry;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rules against a schema that changes (SPEC §7): reloads are validated against the database and a
 * bad one keeps the last good rules; a move the schema does not fit blocks only its own
 * statements, never the connection; DDL through Tandem is noticed at once.
 */
class SchemaLifecycleTest {
  private static final String CUSTOMER =
      "CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))";
  /** Polling off: the tests reload by hand, so nothing happens behind their back. */
  private static final Duration NO_POLL = Duration.ZERO;

  @TempDir
  Path dir;

  private Path file;

  private static String rules(String to, String forward, String backward, String phase) {
    return "version: 1\nmoves:\n  - name: customer-email\n    table: customer\n    from: email\n    to: " + to + "\n"
        + (forward == null ? "" : "    forward: \"" + forward + "\"\n    backward: \"" + backward + "\"\n")
        + "    phase: " + phase + "\n";
  }

  private Path write(String yaml) throws Exception {
    file = dir.resolve("rules.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static Connection connect(TestDatabase db, Path rules, String... settings) throws SQLException {
    List<String> all = new ArrayList<>(List.of("tandem.rules", rules.toString(), "tandem.reloadIntervalMs", "0"));
    all.addAll(List.of(settings));
    return DriverManager.getConnection(db.tandemUrl(all.toArray(new String[0])));
  }

  /** The source the connections share, to reload it by hand. */
  private RuleSource source() throws RuleFileException {
    try (RuleSourceRegistry.Lease lease = RuleSourceRegistry.shared().acquire(RuleLocation.file(file), NO_POLL)) {
      return lease.source();
    }
  }

  private static void insert(Connection c, int id, String email) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO customer (id, email) VALUES (" + id + ", '" + email + "')");
    }
  }

  private static String newColumn(TestDatabase db, int id) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email_address FROM customer WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static String nickname(TestDatabase db, int id) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT nickname FROM customer WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void reload_namingAColumnThatDoesNotExist_isRejected_andOldAndNewConnectionsKeepWorking(Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", null, null, "expand"));
      try (Connection before = connect(db, file)) {
        write(rules("email_adress", null, null, "expand"));

        RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> source().reload());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(file + ":3: the new rules do not fit the database ")
            .contains(file + ":3: move customer-email: column email_adress does not exist in table customer");
        assertThat(source().current().moves().get(0).to().name()).isEqualTo("email_address");
        assertThat(source().reloadsFailed()).isEqualTo(1);
        insert(before, 1, "old@x");
        assertThat(newColumn(db, 1)).isEqualTo("old@x");
        try (Connection after = connect(db, file)) {
          insert(after, 2, "new@x");
          assertThat(newColumn(db, 2)).isEqualTo("new@x");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void reload_withATransformTheDatabaseCannotRun_isRejectedWithFileLineMoveAndReason(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", "lower({from})", "{to}", "expand"));
      try (Connection c = connect(db, file)) {
        write(rules("email_address", "no_such_fn({from})", "{to}", "expand"));

        RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> source().reload());

        assertThat(e.getMessage()).contains(file + ":3: move customer-email: 'forward' no_such_fn({from}) does not run"
            + " on the database: ").containsIgnoringCase("no_such_fn");
        assertThat(source().current().moves().get(0).forward().template()).isEqualTo("lower({from})");
        insert(c, 1, "Mixed@X");
        assertThat(newColumn(db, 1)).isEqualTo("mixed@x");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void reload_withACastToAnUnknownType_isRejected(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", null, null, "expand"));
      try (Connection c = connect(db, file)) {
        write(rules("email_address", "{from}::nosuchtype", "{to}", "expand"));

        assertThatThrownBy(() -> source().reload()).isInstanceOf(RuleFileException.class)
            .hasMessageContaining("'forward' {from}::nosuchtype does not run on the database: ")
            .hasMessageContaining("nosuchtype");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void reload_withALookupTableThatDoesNotExist_isRejected(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", null, null, "expand"));
      try (Connection c = connect(db, file)) {
        write(rules("email_address", "(SELECT a.address FROM alias a WHERE a.email = {from})", "{to}", "expand"));

        assertThatThrownBy(() -> source().reload()).isInstanceOf(RuleFileException.class)
            .hasMessageContaining("move customer-email: 'forward' (SELECT a.address FROM alias a WHERE a.email ="
                + " {from}) does not run on the database: ");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void connect_withABrokenTransform_opens_andRefusesOnlyThatTablesStatements(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER, "CREATE TABLE other (id INT PRIMARY KEY)");
      write(rules("email_address", "no_such_fn({from})", "{to}", "expand"));
      try (Connection c = connect(db, file); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO other (id) VALUES (1)");

        SQLException e = catchThrowableOfType(SQLException.class, () -> insert(c, 1, "a@x"));

        assertThat(e.getSQLState()).isEqualTo("0A000");
        assertThat(e.getMessage()).contains(file + ":3: move customer-email: 'forward' no_such_fn({from}) does not"
            + " run on the database");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void applicationThatCreatesItsSchemaAfterConnecting_starts_andItsStatementsRunOnceTheDdlHasPassed(Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      write(rules("email_address", null, null, "expand"));
      try (Connection c = connect(db, file); Connection other = connect(db, file); Statement s = c.createStatement()) {
        assertThat(c.isValid(2)).isTrue();

        SQLException e = catchThrowableOfType(SQLException.class, () -> insert(other, 1, "early@x"));
        assertThat(e.getSQLState()).isEqualTo("0A000");
        assertThat(e.getMessage()).contains(file + ":3: move customer-email: table customer does not exist")
            .contains("run the migration that creates it");

        s.execute(CUSTOMER);

        insert(other, 1, "late@x");
        assertThat(newColumn(db, 1)).isEqualTo("late@x");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void moveWhoseColumnIsAddedBehindTandem_isCheckedAgainPeriodically(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100))");
      write(rules("email_address", null, null, "expand"));
      try (Connection c = connect(db, file, "tandem.schemaRecheckMs", "100")) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> insert(c, 1, "a@x"));
        assertThat(e.getMessage()).contains("column email_address does not exist in table customer; run the expand"
            + " migration that adds it first (ALTER TABLE customer ADD COLUMN email_address …)");

        db.execute("ALTER TABLE customer ADD email_address VARCHAR(100)"); // not through Tandem
        Thread.sleep(150);

        insert(c, 1, "a@x");
        assertThat(newColumn(db, 1)).isEqualTo("a@x");
      }
    }
  }

  private static List<String> selectStarLabels(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM customer")) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        labels.add(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
      }
      return labels;
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void selectStar_onAConnectionOpenedBeforeAddColumnThroughTandem_seesTheNewColumn(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", null, null, "expand"));
      try (Connection early = connect(db, file); Connection migrator = connect(db, file)) {
        assertThat(selectStarLabels(early)).containsExactly("id", "email", "email_address");

        try (Statement s = migrator.createStatement()) {
          s.execute("ALTER TABLE customer ADD nickname VARCHAR(20)");
        }

        assertThat(selectStarLabels(early)).containsExactly("id", "email", "email_address", "nickname");
        try (Statement s = early.createStatement()) {
          // Names every column, so it writes both itself; planned from stale metadata it was refused.
          s.executeUpdate("INSERT INTO customer VALUES (1, 'a@x', 'a@x', 'al')");
        }
        assertThat(nickname(db, 1)).isEqualTo("al");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "H2")
  void insertWithoutColumnList_afterAColumnAddedBehindTandem_isPlannedAgainFromFreshMetadata(Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", null, null, "expand"));
      try (Connection c = connect(db, file); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO customer VALUES (1, 'a@x', NULL)");
        db.execute("ALTER TABLE customer ADD nickname VARCHAR(20)"); // not through Tandem
        Thread.sleep(1100);

        s.executeUpdate("INSERT INTO customer VALUES (2, 'b@x', 'b@x', 'bee')");

        assertThat(nickname(db, 2)).isEqualTo("bee");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "H2")
  void reload_phaseChangeOfAMoveThatFits_isAccepted(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute(CUSTOMER);
      write(rules("email_address", null, null, "expand"));
      try (Connection c = connect(db, file)) {
        write(rules("email_address", null, null, "migrated"));

        assertThat(source().reload()).isTrue();
        assertThat(source().current().moves().get(0).phase()).isEqualTo(Phase.MIGRATED);
      }
    }
  }
}
