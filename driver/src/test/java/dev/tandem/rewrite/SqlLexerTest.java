package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the lexer tables {@code rewrite/lexer-<dialect>.txt}: for each statement, the tokens its
 * database sees ({@link SqlLexer}), and the same-length text JSqlParser is given ({@link ParserText})
 * or the reason it is refused. The format is described at the top of each file.
 */
class SqlLexerTest {
  record LexCase(String file, int line, Dialect dialect, String sql, List<String> tokens, String parser,
      String refused) {
    @Override
    public String toString() {
      return file + ":" + line + " " + sql.replace("\n", "\\n");
    }
  }

  static Stream<LexCase> cases() throws IOException {
    List<LexCase> all = new ArrayList<>();
    for (String file : List.of("lexer-mariadb.txt", "lexer-mariadb-ansi-quotes.txt", "lexer-postgresql.txt",
        "lexer-h2.txt")) {
      all.addAll(load(file));
    }
    return all.stream();
  }

  private static List<LexCase> load(String file) throws IOException {
    List<LexCase> cases = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(SqlLexerTest.class.getResourceAsStream("/rewrite/" + file), file),
        StandardCharsets.UTF_8))) {
      Dialect dialect = null;
      String sql = null;
      int at = 0;
      List<String> tokens = new ArrayList<>();
      String parser = null;
      String refused = null;
      int number = 0;
      for (String line = in.readLine(); ; line = in.readLine()) {
        number++;
        if (line == null || line.startsWith("sql: ")) {
          if (sql != null) {
            cases.add(new LexCase(file, at, dialect, sql, List.copyOf(tokens), parser, refused));
          }
          if (line == null) {
            break;
          }
          sql = line.substring(5).replace("\\n", "\n");
          at = number;
          tokens.clear();
          parser = null;
          refused = null;
        } else if (line.startsWith("dialect: ")) {
          dialect = Dialect.valueOf(line.substring(9).trim().toUpperCase(Locale.ROOT));
        } else if (line.startsWith("  ")) {
          tokens.add(line.substring(2));
        } else if (line.startsWith("parser: ")) {
          parser = line.substring(8);
        } else if (line.startsWith("refused: ")) {
          refused = line.substring(9);
        } else if (!line.isBlank() && !line.startsWith(";;")) {
          throw new IllegalStateException(file + ":" + number + ": cannot read '" + line + "'");
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lexes_asTheDatabaseDoes(LexCase c) throws Exception {
    SqlLexer lexer = SqlLexer.of(c.dialect());
    List<String> seen = new ArrayList<>();
    for (SqlLexer.Token t : lexer.tokens(c.sql())) {
      seen.add(t.kind() + " " + t.text(c.sql()) + (t.name() == null ? "" : "=" + t.name()));
    }
    assertThat(seen).as("tokens").containsExactlyElementsOf(c.tokens());
    if (c.refused() != null) {
      assertThatThrownBy(() -> ParserText.of(c.sql(), lexer)).isInstanceOf(ParserText.Unreadable.class)
          .hasMessageContaining(c.refused());
    } else {
      String text = ParserText.of(c.sql(), lexer);
      assertThat(text).as("same length, so offsets stay valid").hasSameSizeAs(c.sql());
      if (c.parser() != null) {
        assertThat(squeezed(text)).as("what JSqlParser is given").isEqualTo(c.parser());
      }
    }
  }

  private static String squeezed(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
