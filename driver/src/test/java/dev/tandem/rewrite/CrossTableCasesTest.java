package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL in, SQL out for a column moved to another table ({@code rewrite/cross-table-cases.txt}, docs/behaviour.md
 * §13): per phase the statement sent and each follow-up with the application parameters its markers take.
 *
 * <p>Format: {@code -- case: name}, optionally {@code -- dialect: h2|mariadb|postgresql} (default postgresql),
 * the SQL, then for each group of phases {@code -- expect@expand,migrated:} followed by the SQL sent ({@code SAME}
 * for the application's) and one {@code -- then [sources]: follow-up} line per follow-up, or
 * {@code REFUSED <part of the reason>}.
 */
class CrossTableCasesTest {

  record Case(String name, Dialect dialect, String sql, Phase phase, List<String> expected) {
    @Override
    public String toString() {
      return name + " @" + phase.name().toLowerCase() + " (" + dialect.name().toLowerCase() + ")";
    }
  }

  static List<Case> cases() throws IOException {
    String text;
    try (InputStream in = CrossTableCasesTest.class.getResourceAsStream("/rewrite/cross-table-cases.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> cases = new ArrayList<>();
    for (String block : text.split("\n-- case: ")) {
      if (!block.contains("-- expect@")) {
        continue;
      }
      String[] lines = block.split("\n");
      String name = lines[0].trim();
      Dialect dialect = Dialect.POSTGRESQL;
      StringBuilder sql = new StringBuilder();
      int i = 1;
      for (; i < lines.length && !lines[i].startsWith("-- expect@"); i++) {
        if (lines[i].startsWith("-- dialect: ")) {
          dialect = Dialect.parse(lines[i].substring("-- dialect: ".length()).trim());
        } else {
          sql.append(sql.length() == 0 ? "" : "\n").append(lines[i]);
        }
      }
      while (i < lines.length) {
        String phases = lines[i].substring("-- expect@".length(), lines[i].indexOf(':'));
        List<String> expected = new ArrayList<>();
        for (i++; i < lines.length && !lines[i].startsWith("-- expect@"); i++) {
          if (!lines[i].isBlank()) {
            expected.add(lines[i].trim());
          }
        }
        for (String phase : phases.split(",")) {
          cases.add(new Case(name, dialect, sql.toString().trim(), Phase.fromYaml(phase.trim()), expected));
        }
      }
    }
    return cases;
  }

  static RuleSet rules(Phase phase) {
    CrossTableMove move = new CrossTableMove("pw", TableName.parse("local_user"), Identifier.parse("password"),
        Identifier.parse("id"), TableName.parse("password"), Identifier.parse("password"),
        Identifier.parse("local_user_id"), phase, 1);
    return new RuleSet(1, List.of(), List.of(), List.of(move), "test", "", Set.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void crossTableCase_matches(Case c) throws Exception {
    MoveRewriter rewriter = new MoveRewriter();
    if (c.expected.get(0).startsWith("REFUSED")) {
      String reason = c.expected.get(0).substring("REFUSED".length()).trim();
      assertThatThrownBy(() -> rewriter.rewrite(c.sql, rules(c.phase), c.dialect, TableColumns.NONE))
          .isInstanceOf(RewriteRefusedException.class).hasMessageContaining("move pw").hasMessageContaining(reason)
          .satisfies(e -> assertThat(((RewriteRefusedException) e).getSQLState()).isEqualTo("0A000"));
      return;
    }
    RewritePlan plan = rewriter.rewrite(c.sql, rules(c.phase), c.dialect, TableColumns.NONE);
    List<String> actual = new ArrayList<>();
    actual.add(plan.sql().equals(c.sql) ? "SAME" : plan.sql());
    for (FollowUp followUp : plan.followUps()) {
      actual.add("-- then " + Arrays.toString(followUp.sources()) + (followUp.onlyAfterRows() ? " if rows" : "")
          + ": " + followUp.sql());
    }
    assertThat(actual).isEqualTo(c.expected);
  }
}
