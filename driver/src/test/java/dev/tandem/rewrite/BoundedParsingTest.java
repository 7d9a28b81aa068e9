package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Parsing is bounded (SPEC §6, issue 14): long {@code IN} lists are collapsed before parsing and
 * still rewritten at their original offsets, statements too long to parse in time are refused
 * before JSqlParser sees them, and a fan-out past the engine's parameter limit gets Tandem's own
 * refusal. Each case would otherwise keep a thread busy for seconds to minutes.
 */
class BoundedParsingTest {
  private static final RuleSet RENAME = TestRules.parse("rename");
  private static final Duration QUICK = Duration.ofSeconds(3);
  private final MoveRewriter rewriter = new MoveRewriter();

  private static String list(int n, String item) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < n; i++) {
      j.add(item.replace("#", String.valueOf(i)));
    }
    return j.toString();
  }

  @Test
  void longMarkerList_isCollapsedForTheParser_andRewrittenWithEveryMarkerCounted() {
    String sql = "UPDATE conversation SET subject = ? WHERE id IN " + list(60_000, "?");
    RewritePlan plan = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(QUICK,
        () -> rewriter.rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE));
    assertThat(plan.sql()).startsWith("UPDATE conversation SET title = ?, subject = ? WHERE id IN (?, ?, ?")
        .endsWith(", ?)").hasSize(sql.length() + "title = ?, ".length());
    assertThat(plan.parameters().applicationCount()).isEqualTo(60_001);
    assertThat(plan.parameters().statementCount()).isEqualTo(60_002);
  }

  @Test
  void longLiteralAndRowLists_areCollapsed() {
    String literals = "SELECT title FROM conversation WHERE id IN " + list(60_000, "#") + " AND subject IN "
        + list(5_000, "'s#'");
    RewritePlan plan = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(QUICK,
        () -> rewriter.rewrite(literals, RENAME, Dialect.POSTGRESQL, TableColumns.NONE));
    assertThat(plan.sql()).startsWith("SELECT COALESCE(title, subject) AS title FROM conversation WHERE id IN (0, 1,")
        .endsWith(", 's4999')");
    String rows = "DELETE FROM conversation WHERE (id, subject) IN " + list(30_000, "(?, -#)");
    RewritePlan delete = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(QUICK,
        () -> rewriter.rewrite(rows, RENAME, Dialect.POSTGRESQL, TableColumns.NONE));
    assertThat(delete.sql()).isSameAs(rows);
  }

  @Test
  void statementWithTooManyTokens_isRefusedBeforeParsing() {
    String sql = "INSERT INTO conversation (id, subject) VALUES " + list(20_000, "(?, ?)").replaceAll("^\\(|\\)$", "");
    assertThatThrownBy(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(QUICK,
        () -> rewriter.rewrite(sql, RENAME, Dialect.POSTGRESQL, TableColumns.NONE)))
        .isInstanceOfSatisfying(RewriteRefusedException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
        .hasMessageContaining("move rename")
        .hasMessageContaining("tokens");
  }

  @Test
  void fanOutPastTheParameterLimit_isRefusedWithTandemsOwnMessage() throws Exception {
    String sql = "UPDATE conversation SET subject = ? WHERE id IN " + list(65_534, "?");
    for (Dialect dialect : new Dialect[] {Dialect.POSTGRESQL, Dialect.MARIADB}) {
      assertThatThrownBy(() -> rewriter.rewrite(sql, RENAME, dialect, TableColumns.NONE))
          .isInstanceOfSatisfying(RewriteRefusedException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("65536 parameter markers")
          .hasMessageContaining("more than the 65535");
    }
    assertThat(rewriter.rewrite(sql, RENAME, Dialect.H2, TableColumns.NONE).parameters().statementCount())
        .isEqualTo(65_536);
  }
}
