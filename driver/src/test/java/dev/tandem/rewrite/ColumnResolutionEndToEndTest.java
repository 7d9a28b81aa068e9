package dev.tandem.rewrite;

import static dev.tandem.rewrite.ContractEndToEndTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Column resolution as each database resolves it (issue 13), through a real {@code jdbc:tandem:}
 * connection on H2, PostgreSQL and MariaDB: an unqualified name in a subquery belongs to the
 * subquery's table when that table has such a column, ambiguous names are refused, a CTE named like
 * the moved table is read as the engine reads it, and PostgreSQL's whole-row references are refused
 * while its field selections are rewritten. Every expectation is checked against what the database
 * itself answers on a raw connection, where the data makes a wrong resolution give another answer.
 */
class ColumnResolutionEndToEndTest {

  @TempDir
  Path dir;

  /**
   * Customer 1 is an old row (only {@code email}), customer 2 a contract-era row ({@code email} stale).
   * The archive has both names, each NULL, so a name resolved to the archive reads NULL, while the
   * same name resolved to the customer reads a value; {@code customer_note} has neither.
   */
  private TestDatabase schema(Engine engine) throws SQLException {
    return EndToEndFixture.schema(engine,
        "INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', NULL), (2, 'stale@x', 'new@x')",
        "CREATE TABLE customer_archive (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "INSERT INTO customer_archive (id, email, email_address) VALUES (1, NULL, NULL), (2, NULL, NULL)",
        "CREATE TABLE customer_note (id INT PRIMARY KEY, note VARCHAR(100))",
        "INSERT INTO customer_note (id, note) VALUES (1, 'n1'), (2, 'n2')");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void subqueryName_isTheArchivesWhenTheArchiveHasIt(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      String expandSql = "SELECT c.id FROM customer c WHERE EXISTS (SELECT 1 FROM customer_archive a "
          + "WHERE a.id = c.id AND email_address IS NULL) ORDER BY c.id";
      String contractSql = "SELECT c.id FROM customer c WHERE EXISTS (SELECT 1 FROM customer_archive a "
          + "WHERE a.id = c.id AND email IS NULL) ORDER BY c.id";
      try (Connection raw = db.openRaw()) {
        // The database reads the archive's NULLs: both customers match, whatever the customer holds.
        assertThat(ids(raw, expandSql)).containsExactly(1, 2);
        assertThat(ids(raw, contractSql)).containsExactly(1, 2);
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        assertThat(ids(c, expandSql)).containsExactly(1, 2);
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        assertThat(ids(c, contractSql)).containsExactly(1, 2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void subqueryName_isTheOuterMovedTablesWhenTheInnerTableLacksIt(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      String expandSql = "SELECT c.id FROM customer c WHERE EXISTS (SELECT 1 FROM customer_note n "
          + "WHERE n.id = c.id AND email_address = 'a@x') ORDER BY c.id";
      String contractSql = "SELECT c.id FROM customer c WHERE EXISTS (SELECT 1 FROM customer_note n "
          + "WHERE n.id = c.id AND email = 'new@x') ORDER BY c.id";
      try (Connection raw = db.openRaw()) {
        // Without Tandem customer 1 has no new column yet and customer 2's old one is stale.
        assertThat(ids(raw, expandSql)).isEmpty();
        assertThat(ids(raw, contractSql)).isEmpty();
        assertThat(row(raw, "SELECT email, email_address FROM customer WHERE id = 1")).containsEntry("email", "a@x")
            .containsEntry("email_address", null);
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        assertThat(ids(c, expandSql)).containsExactly(1);
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        assertThat(ids(c, contractSql)).containsExactly(2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void nameOfTwoTablesOfOneBlock_isRefused(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      String sql = "SELECT email_address FROM customer c JOIN customer_archive a ON a.id = c.id";
      try (Connection raw = db.openRaw()) {
        assertThatThrownBy(() -> row(raw, sql)).as("the database finds it ambiguous").isInstanceOf(SQLException.class);
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        assertThatThrownBy(() -> row(c, sql))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("is a column of both");
      }
    }
  }

  /** PostgreSQL and MariaDB read a CTE named like a table; H2 2.x reads the table. */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void cteNamedLikeTheMovedTable_isReadAsTheEngineReadsIt(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      String sql = "WITH customer AS (SELECT 1 AS id, 'cte@x' AS email_address) "
          + "SELECT email_address FROM customer WHERE id = 1";
      boolean readsTable = engine == Engine.H2;
      try (Connection raw = db.openRaw()) {
        assertThat(row(raw, sql).get("email_address")).isEqualTo(readsTable ? null : "cte@x");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        assertThat(row(c, sql).get("email_address")).isEqualTo(readsTable ? "a@x" : "cte@x");
      }
    }
  }

  @Test
  void postgresWholeRowReferences_areRefusedAndFieldSelectionsRewritten() throws Exception {
    try (TestDatabase db = schema(Engine.POSTGRESQL)) {
      for (String phase : new String[] {"expand", "contract"}) {
        try (Connection c = EndToEndFixture.connect(db, dir, phase)) {
          for (String sql : List.of("SELECT row_to_json(c) AS j FROM customer c WHERE c.id = 1",
              "SELECT to_jsonb(c.*) AS j FROM customer c WHERE c.id = 1", "SELECT c FROM customer c WHERE c.id = 1")) {
            assertThatThrownBy(() -> row(c, sql)).as(phase + ": " + sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
                .hasMessageContaining("reads the whole row of customer c");
          }
        }
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "migrated")) {
        assertThat(row(c, "SELECT row_to_json(c)::text AS j FROM customer c WHERE c.id = 1").get("j").toString())
            .contains("\"email\":\"a@x\"");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        assertThat(row(c, "SELECT (c).email_address FROM customer c WHERE c.id = 1"))
            .containsExactly(org.assertj.core.api.Assertions.entry("email_address", "a@x"));
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        assertThat(row(c, "SELECT (c).email FROM customer c WHERE (c).id = 2"))
            .containsExactly(org.assertj.core.api.Assertions.entry("email", "new@x"));
      }
    }
  }

  /** A table function's columns are unknown: a name that could be its own is not sent to the outer table. */
  @Test
  void postgresTableFunctionInASubquery_isRefusedWhereItCouldOwnTheName() throws Exception {
    try (TestDatabase db = schema(Engine.POSTGRESQL)) {
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        assertThatThrownBy(() -> row(c, "SELECT c.id FROM customer c WHERE EXISTS (SELECT 1 FROM "
            + "generate_series(1, 2) g WHERE g = c.id AND email_address IS NULL)"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("whose columns are unknown");
      }
    }
  }

  private static List<Integer> ids(Connection c, String sql) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}
