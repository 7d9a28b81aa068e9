package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Functions Tandem does not know, in a value written to two columns (SPEC §5): the database's
 * catalogue decides. A user-defined volatile function copied into both columns would make them
 * differ; an immutable/deterministic one is copied; the statement clock stays allowed.
 */
class VolatileFunctionsEndToEndTest {
  private static final RuleSet RENAME = TestRules.parse("rename");

  @TempDir
  Path dir;

  @Test
  void unknownFunction_isAskedOfTheCatalogue() throws Exception {
    MoveRewriter rewriter = new MoveRewriter();
    String sql = "UPDATE conversation SET subject = app.pick(?) WHERE id = 1";
    TableColumns immutable = new TableColumns() {
      @Override
      public java.util.List<String> columnsOf(String schema, String table) {
        return null;
      }

      @Override
      public FunctionCatalogue functions() {
        return (schema, function) -> Map.of("app.pick", FunctionCatalogue.Volatility.IMMUTABLE)
            .getOrDefault(schema + "." + function, FunctionCatalogue.Volatility.VOLATILE);
      }
    };
    assertThat(rewriter.rewrite(sql, RENAME, Dialect.POSTGRESQL, immutable).sql())
        .isEqualTo("UPDATE conversation SET title = app.pick(?), subject = app.pick(?) WHERE id = 1");
    assertThatThrownBy(() -> rewriter.rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE))
        .isInstanceOfSatisfying(RewriteRefusedException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
        .hasMessageContaining("app.pick()")
        .hasMessageContaining("does not declare immutable");
    assertThat(rewriter.rewrite("UPDATE conversation SET subject = upper(?) || now() WHERE id = 1", RENAME,
        Dialect.POSTGRESQL, TableColumns.NONE).isRewritten()).isTrue();
  }

  @Test
  void tablesample_inADuplicatedValue_isRefused() {
    String sql = "UPDATE conversation SET subject = (SELECT max(m.s) FROM m TABLESAMPLE BERNOULLI (10)) WHERE id = 1";
    assertThatThrownBy(() -> new MoveRewriter().rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE))
        .isInstanceOf(RewriteRefusedException.class)
        .hasMessageContaining("TABLESAMPLE");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void userDefinedFunctions_followTheirDeclaration(Engine engine) throws Exception {
    String volatileFn;
    String stableFn;
    if (engine == Engine.POSTGRESQL) {
      volatileFn = "CREATE FUNCTION tag_v(x TEXT) RETURNS TEXT AS $$ SELECT x || random()::TEXT $$ LANGUAGE SQL VOLATILE";
      stableFn = "CREATE FUNCTION tag_i(x TEXT) RETURNS TEXT AS $$ SELECT x || '!' $$ LANGUAGE SQL IMMUTABLE";
    } else {
      volatileFn = "CREATE FUNCTION tag_v(x TEXT) RETURNS TEXT NOT DETERMINISTIC RETURN CONCAT(x, RAND())";
      stableFn = "CREATE FUNCTION tag_i(x TEXT) RETURNS TEXT DETERMINISTIC RETURN CONCAT(x, '!')";
    }
    try (TestDatabase db = EndToEndFixture.schema(engine, volatileFn, stableFn,
        "INSERT INTO customer VALUES (1, 'a', 'a')"); Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      assertThatThrownBy(() -> execute(c, "UPDATE customer SET email = tag_v('x') WHERE id = 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("customer.email->email_address")
          .hasMessageContaining("tag_v()")
          .hasMessageContaining("declares volatile");
      execute(c, "UPDATE customer SET email = tag_i('x') WHERE id = 1");
      assertThat(both(db)).isEqualTo("x! | x!");
      execute(c, "UPDATE customer SET email = CONCAT('t', CURRENT_TIMESTAMP) WHERE id = 1");
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM customer WHERE email = email_address")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static String both(TestDatabase db) throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 1")) {
      rs.next();
      return rs.getString(1) + " | " + rs.getString(2);
    }
  }
}
