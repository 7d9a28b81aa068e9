package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ordinary statements JSqlParser 5.3 cannot read, made readable by {@link SyntaxPrePass} ({@code UPDATE ONLY},
 * MariaDB {@code GROUP BY c DESC}, {@code LOCK IN SHARE MODE} and {@code SELECT … INTO @v}, {@code SET (c) = ROW(?)}, H2 {@code MERGE INTO … KEY (…) VALUES}), and an
 * {@code INSERT} without a column list that the database itself would reject (issue 13).
 */
class ParserGapsEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void postgresql_updateOnlyAndDeleteFromOnly_areRewritten() throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(Engine.POSTGRESQL, "INSERT INTO customer VALUES (1, 'a@x', 'a@x')");
        Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      execute(c, "UPDATE ONLY customer SET email = 'only@x' WHERE id = 1");
      assertThat(query(db, "SELECT email || ' ' || email_address FROM customer")).isEqualTo("only@x only@x");
      execute(c, "DELETE FROM ONLY customer WHERE email_address = 'only@x'");
      assertThat(query(db, "SELECT count(*) FROM customer")).isEqualTo("0");
    }
  }

  @Test
  void mariadb_groupByDesc_isReadAndRewritten() throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(Engine.MARIADB, "INSERT INTO customer VALUES (1, 'a@x', NULL)");
        Connection c = EndToEndFixture.connect(db, dir, "expand"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT email_address FROM customer GROUP BY email_address DESC")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).as("coalesced from the old column").isEqualTo("a@x");
    }
  }

  @Test
  void mariadb_lockInShareMode_isReadAndRewritten() throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(Engine.MARIADB, "INSERT INTO customer VALUES (1, 'a@x', NULL)");
        Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      c.setAutoCommit(false);
      for (String lock : new String[] {"LOCK IN SHARE MODE", "lock  in /* x */ share mode NOWAIT"}) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT email_address FROM customer WHERE id = 1 " + lock)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).as("coalesced from the old column").isEqualTo("a@x");
        }
      }
      c.rollback();
    }
  }

  @Test
  void mariadb_selectIntoUserVariables_isReadAndRewritten_andTheVariablesAreSet() throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(Engine.MARIADB, "INSERT INTO customer VALUES (1, 'a@x', NULL)",
        "INSERT INTO customer VALUES (2, 'old@x', 'new@x')")) {
      try (Connection c = EndToEndFixture.connect(db, dir, "expand"); Statement s = c.createStatement()) {
        s.execute("SELECT email_address INTO @e FROM customer WHERE id = 1");
        s.execute("SELECT id, email_address FROM customer WHERE id = 1 INTO @i, @`the address`");
        assertThat(variables(s, "SELECT concat(@e, ' ', @i, ' ', @`the address`)")).as("coalesced from the old column")
            .isEqualTo("a@x 1 a@x");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract"); Statement s = c.createStatement()) {
        s.execute("SELECT email INTO @old FROM customer WHERE id = 2");
        assertThat(variables(s, "SELECT @old")).as("the old column computed from the new one").isEqualTo("new@x");
        assertThatThrownBy(() -> s.execute("SELECT email INTO OUTFILE '/tmp/x' FROM customer"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
      }
    }
  }

  @Test
  void mariadb_fullTextSearchOfAColumnWhoseReadsAreComputed_isRefused_andOfAStoredOnePasses() throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(Engine.MARIADB, "INSERT INTO customer VALUES (1, 'alice mail', 'alice mail')",
        "ALTER TABLE customer ADD FULLTEXT (email_address)", "ALTER TABLE customer ADD FULLTEXT (email)")) {
      String searchNew = "SELECT id FROM customer WHERE MATCH (email_address) AGAINST ('alice' IN BOOLEAN MODE)";
      String searchOld = "SELECT id FROM customer WHERE MATCH (email) AGAINST ('alice' IN BOOLEAN MODE)";
      try (Connection c = EndToEndFixture.connect(db, dir, "expand"); Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery(searchNew))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("customer.email->email_address").hasMessageContaining("full-text index");
        assertThat(variables(s, searchOld)).isEqualTo("1");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "migrated"); Statement s = c.createStatement()) {
        assertThat(variables(s, searchNew)).isEqualTo("1");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract"); Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery(searchOld)).hasMessageContaining("full-text index");
        assertThat(variables(s, searchNew)).isEqualTo("1");
      }
    }
  }

  private static String variables(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void h2_mergeKeyValues_isWrittenLikeAnUpsert() throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(Engine.H2, "INSERT INTO customer VALUES (1, 'a@x', 'a@x')")) {
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        execute(c, "MERGE INTO customer (id, email) KEY (id) VALUES (1, 'upd@x')");
        execute(c, "MERGE INTO customer (id, email) KEY (id) VALUES (2, 'ins@x')");
        assertThatThrownBy(() -> execute(c, "MERGE INTO customer (id, email_address) KEY (email_address) VALUES (3, 'k@x')"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
      }
      assertThat(query(db, "SELECT LISTAGG(id || ' ' || email || ' ' || email_address, ', ') WITHIN GROUP (ORDER BY id) "
          + "FROM customer")).isEqualTo("1 upd@x upd@x, 2 ins@x ins@x");
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        execute(c, "MERGE INTO customer (id, email) KEY (id) VALUES (1, 'new@x')");
      }
      assertThat(query(db, "SELECT email || ' ' || email_address FROM customer WHERE id = 1"))
          .as("the old column is no longer written").isEqualTo("upd@x new@x");
    }
  }

  /** PostgreSQL requires {@code ROW} for a one-column row assignment; H2 accepts it. MariaDB has no row assignment. */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "H2"})
  void rowAssignmentOfOneColumn_isRewritten(Engine engine) throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(engine, "INSERT INTO customer VALUES (1, 'a@x', 'a@x')")) {
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        execute(c, "UPDATE customer SET (email) = ROW('row@x') WHERE id = 1");
      }
      assertThat(query(db, "SELECT email || ' ' || email_address FROM customer")).isEqualTo("row@x row@x");
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        execute(c, "UPDATE customer SET (email) = ROW('new@x') WHERE id = 1");
      }
      assertThat(query(db, "SELECT email || ' ' || email_address FROM customer")).as("the old column is no longer written")
          .isEqualTo("row@x new@x");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void insertWithoutColumnList_withFewerValuesThanColumns_failsAsTheDatabaseWould(Engine engine) throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      if (engine == Engine.POSTGRESQL) { // PostgreSQL fills the first columns
        execute(c, "INSERT INTO customer VALUES (3, 'few@x')");
        assertThat(query(db, "SELECT email || ' ' || email_address FROM customer")).isEqualTo("few@x few@x");
      } else {
        // An old version's row (id, email) leaves out only the move's new column, which Tandem fills: that
        // is the layout the old version was written for, and it works. A row that leaves out more is refused.
        execute(c, "INSERT INTO customer VALUES (3, 'few@x')");
        assertThat(query(db, "SELECT CONCAT(email, ' ', email_address) FROM customer")).isEqualTo("few@x few@x");
        db.execute("DELETE FROM customer");
        assertThatThrownBy(() -> execute(c, "INSERT INTO customer VALUES (4)"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("has 1 values but table customer has 3 columns");
        assertThat(query(db, "SELECT count(*) FROM customer")).isEqualTo("0");
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static String query(TestDatabase db, String sql) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
