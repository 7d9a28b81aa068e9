package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.RuleSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which views matter, from their catalogue entries (SPEC §6): SQL in, plan or refusal out, with the
 * views of a fixed catalogue.
 */
class ViewsOverMovesTest {
  private final MoveRewriter rewriter = new MoveRewriter();

  private static TableColumns withViews(SearchPath path, ViewDefinition... views) {
    ViewCatalogue catalogue = ViewCatalogue.of(List.of(views));
    return TableColumns.onPath(new TableColumns() {
      @Override
      public List<String> columnsOf(String schema, String table) {
        return null;
      }

      @Override
      public ViewCatalogue views() {
        return catalogue;
      }
    }, path);
  }

  private static ViewDefinition view(String schema, String name, String baseSchema, String base, String... columns) {
    return new ViewDefinition(Identifier.of(schema, true), Identifier.of(name, true),
        List.of(new ViewDefinition.Relation(Identifier.of(baseSchema, true), Identifier.of(base, true))),
        Set.of(java.util.Arrays.stream(columns).map(c -> Identifier.of(c, true)).toArray(Identifier[]::new)));
  }

  @Test
  void mariadbDefinitionText_readsEveryQualifiedTableAndColumn() {
    ViewDefinition v = ViewDefinition.fromText("shop", "cv",
        "select `c`.`id` AS `id`,`c`.`email` AS `e` from `shop`.`customer` `c` where 'x' = '#'", Dialect.MARIADB);
    assertThat(v.reads()).contains(new ViewDefinition.Relation(Identifier.of("shop", true),
        Identifier.of("customer", true)));
    assertThat(v.columns()).contains(Identifier.of("email", true), Identifier.of("id", true));
  }

  @Test
  void h2DefinitionText_readsTheQualifiedTable() {
    ViewDefinition v = ViewDefinition.fromText("PUBLIC", "CV",
        "SELECT\n    \"C\".\"ID\",\n    \"C\".\"EMAIL\" AS \"E\"\nFROM \"PUBLIC\".\"CUSTOMER\" \"C\"", Dialect.H2);
    assertThat(v.reads()).contains(new ViewDefinition.Relation(Identifier.of("PUBLIC", true),
        Identifier.of("CUSTOMER", true)));
    assertThat(v.columns()).contains(Identifier.of("EMAIL", true));
  }

  @Test
  void viewOverAnotherTenantsTable_doesNotMatter() throws SQLException {
    RuleSet rules = new RuleSet(1, List.of(TestRules.TENANT_A), "test", "");
    TableColumns onB = withViews(SearchPath.of("tenant_b"), view("tenant_b", "cv", "tenant_b", "customer", "email"));
    assertThat(rewriter.viewedMove("UPDATE cv SET email = ?", rules, Dialect.POSTGRESQL, onB)).isNull();
    String sql = "UPDATE cv SET email = ? WHERE id = ?";
    assertThat(rewriter.rewrite(sql, rules, Dialect.POSTGRESQL, onB).sql()).isSameAs(sql);
  }

  @Test
  void viewOverTheTenantsMovedTable_isResolvedThroughTheSearchPath() throws SQLException {
    RuleSet rules = new RuleSet(1, List.of(TestRules.TENANT_A), "test", "");
    ViewDefinition cv = view("tenant_a", "cv", "tenant_a", "customer", "email");
    String sql = "UPDATE cv SET email = ? WHERE id = ?";
    assertThatThrownBy(() -> rewriter.rewrite(sql, rules, Dialect.POSTGRESQL, withViews(SearchPath.of("tenant_a"), cv)))
        .hasMessageContaining("writes through view cv over tenant_a.customer");
    // The same name on another tenant's path is another view (here: none over a moved table).
    assertThat(rewriter.rewrite(sql, rules, Dialect.POSTGRESQL, withViews(SearchPath.of("tenant_b"), cv)).sql())
        .isSameAs(sql);
    // A read of the view, qualified: in expand the old column reads as stored; in contract it is stale.
    String read = "DELETE FROM x WHERE id IN (SELECT id FROM tenant_a.cv)";
    assertThat(rewriter.rewrite(read, rules, Dialect.POSTGRESQL, withViews(SearchPath.of("tenant_b"), cv)).sql())
        .isSameAs(read);
    RuleSet contract = TestRules.parse("tenant_a@contract");
    assertThatThrownBy(() -> rewriter.rewrite(read, contract, Dialect.POSTGRESQL,
        withViews(SearchPath.of("tenant_b"), cv))).hasMessageContaining("reads through view tenant_a.cv");
  }

  @Test
  void unknownSearchPath_withAViewOfTheName_isRefused() {
    RuleSet rules = TestRules.parse("email");
    ViewDefinition cv = view("public", "cv", "public", "customer", "email_address");
    assertThatThrownBy(() -> rewriter.rewrite("SELECT * FROM cv", rules, Dialect.POSTGRESQL,
        withViews(SearchPath.UNKNOWN, cv))).hasMessageContaining("cannot be told");
  }

  @Test
  void statementNamingNoViewOverAMove_passesThroughAsTheSameString() throws SQLException {
    RuleSet rules = TestRules.parse("email");
    TableColumns columns = withViews(SearchPath.of("public"), view("public", "cv", "public", "customer", "email"),
        view("public", "other_view", "public", "message", "sent_at"));
    String sql = "UPDATE other_view SET sent_at = now()";
    assertThat(rewriter.viewedMove(sql, rules, Dialect.POSTGRESQL, columns)).isNull();
    assertThat(rewriter.mayRewrite(sql, rules, Dialect.POSTGRESQL)).isFalse();
    assertThat(rewriter.viewedMove("update CV set email = 1", rules, Dialect.POSTGRESQL, columns)).isNotNull();
  }
}
