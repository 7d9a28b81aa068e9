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
 * Statements whose text the database reads otherwise than a naive SQL lexer (SPEC §6), sent through
 * a real {@code jdbc:tandem:} connection in expand, with both columns checked on a raw connection.
 * Before the dialect lexer each of these wrote one column and not the other, or was refused.
 */
class DialectLexingEndToEndTest {
  @TempDir
  Path dir;

  private static TestDatabase schema(Engine engine) throws SQLException {
    return EndToEndFixture.schema(engine,
        "INSERT INTO customer VALUES (1, 'old@x', 'old@x'), (2, 'two@x', 'two@x')",
        "INSERT INTO product VALUES (1, 100, 1.00)");
  }

  @Test
  void mariadb_doubleQuotedString_isAValueNotTheMovedColumn() throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      // "email_address" is a string here; read as the column it was coalesced, and email kept its old value.
      execute(c, "UPDATE customer SET email = \"email_address\" WHERE id = 1");
      assertThat(both(db, 1)).isEqualTo("email_address | email_address");
    }
  }

  @Test
  void mariadb_executableComment_isRewrittenAsTheCodeItIs() throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      execute(c, "UPDATE customer SET id = id /*! , email = 'exec@x' */ WHERE id = 1");
      assertThat(both(db, 1)).isEqualTo("exec@x | exec@x");
    }
  }

  @Test
  void mariadb_versionedExecutableComment_isRefused() throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      assertThatThrownBy(() -> execute(c, "UPDATE customer SET id = id /*!50100 , email = 'v@x' */ WHERE id = 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("customer.email->email_address")
          .hasMessageContaining("/*!50100");
      assertThat(both(db, 1)).isEqualTo("old@x | old@x");
    }
  }

  @Test
  void mariadb_minusMinusOne_isArithmeticNotAComment() throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      // Read as "price_cents = price_cents" and a comment, price would have been copied from the old cents.
      execute(c, "UPDATE product SET price_cents = price_cents --1\nWHERE id = 1");
      assertThat(row(db, "SELECT price_cents, price FROM product WHERE id = 1")).isEqualTo("101 | 1.01");
    }
  }

  @Test
  void mariadb_hashCommentAndPipesAsOr_parse() throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      execute(c, "UPDATE customer SET email = 'hash@x' # , email = 'never'\nWHERE id = 1 || id = 2");
      assertThat(both(db, 1)).isEqualTo("hash@x | hash@x");
      assertThat(both(db, 2)).isEqualTo("hash@x | hash@x");
    }
  }

  @Test
  void mariadb_ansiQuotes_readFromSqlMode() throws Exception {
    try (TestDatabase db = schema(Engine.MARIADB)) {
      EndToEndFixture.connect(db, dir, "expand").close(); // writes the rule file
      String url = db.tandemUrl("sessionVariables", "sql_mode=ANSI_QUOTES",
          "tandem.rules", dir.resolve("rules-expand.yaml").toString());
      try (Connection c = java.sql.DriverManager.getConnection(url)) {
        assertThat(c.unwrap(dev.tandem.jdbc.TandemConnection.class).dialect())
            .isEqualTo(dev.tandem.dialect.Dialect.MARIADB_ANSI_QUOTES);
        execute(c, "UPDATE customer SET \"email\" = 'ansi@x' WHERE id = 1");
        assertThat(both(db, 1)).isEqualTo("ansi@x | ansi@x");
      }
    }
  }

  @Test
  void postgresql_unicodeEscapedTableName_isRefusedNotPassedThrough() throws Exception {
    try (TestDatabase db = schema(Engine.POSTGRESQL); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      assertThatThrownBy(() -> execute(c, "UPDATE U&\"\\0063ustomer\" SET email = 'u@x' WHERE id = 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("customer.email->email_address")
          .hasMessageContaining("Unicode-escaped");
      assertThat(both(db, 1)).isEqualTo("old@x | old@x");
    }
  }

  @Test
  void postgresql_escapeAndDollarQuotedStrings_areWrittenToBothColumns() throws Exception {
    try (TestDatabase db = schema(Engine.POSTGRESQL); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      execute(c, "UPDATE customer SET email = E'it\\'s' WHERE id = 1");
      assertThat(both(db, 1)).isEqualTo("it's | it's");
      execute(c, "UPDATE customer SET email = $q$a'b$q$ WHERE id = 2");
      assertThat(both(db, 2)).isEqualTo("a'b | a'b");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "H2"})
  void nestedComment_beforeAWrite_doesNotMakeItLookLikeDdl(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      // The first "*/" does not end the comment, so this is an UPDATE, not a CREATE passed through.
      execute(c, "/* outer /* inner */ CREATE */ UPDATE customer SET email = 'n@x' WHERE id = 1");
      assertThat(both(db, 1)).isEqualTo("n@x | n@x");
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static String both(TestDatabase db, int id) throws SQLException {
    return row(db, "SELECT email, email_address FROM customer WHERE id = " + id);
  }

  private static String row(TestDatabase db, String sql) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1) + " | " + rs.getString(2);
    }
  }
}
