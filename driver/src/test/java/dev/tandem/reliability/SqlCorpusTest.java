package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.api.Test;

/**
 * Runs a corpus of real-world SQL ({@code reliability/sql-corpus.txt}: Hibernate, jOOQ and
 * Spring statements, reporting queries, PostgreSQL and MariaDB specialities, DDL, transaction
 * control, garbage) through the rewriter, with rules on the tables it names, in every phase.
 * Proves that each statement is rewritten, passed through or refused with SQLState 0A000, never
 * anything else, within a time bound; and that no write is half-rewritten: in expand and migrated,
 * every INSERT, UPDATE, upsert or MERGE that writes a moved column and is not refused writes both
 * columns of the move in the SQL sent (judged by parsing that SQL with JSqlParser).
 */
class SqlCorpusTest {
  private static final long BOUND_SECONDS = 5;
  private static final Map<String, List<String>> COLUMNS = Map.of(
      "customer", List.of("id", "name", "email", "email_address", "version"),
      "product", List.of("id", "name", "price_cents", "price"),
      "conversation", List.of("id", "subject", "last_message_id", "last_message_at"));
  private static final TableColumns METADATA = (schema, table) -> COLUMNS.get(WrittenColumns.unquote(table));

  /** Writes of a moved column the half-write check judged: proves it is not vacuous. */
  private int writesChecked;

  private record Entry(int line, Dialect dialect, String sql) {}

  private static RuleSet rules(Phase phase) throws Exception {
    String p = phase.name().toLowerCase(java.util.Locale.ROOT);
    return RuleFileLoader.parse("version: 1\nmoves:\n"
        + "  - {table: customer, from: email, to: email_address, phase: " + p + "}\n"
        + "  - {table: product, from: price_cents, to: price, forward: '{from} / 100.0',"
        + " backward: 'ROUND({to} * 100.0)', phase: " + p + "}\n"
        + "  - {table: conversation, from: last_message_id, to: last_message_at,"
        + " forward: '(SELECT m.sent_at FROM message m WHERE m.id = {from})', backward: null, phase: " + p + "}\n",
        "corpus.yaml");
  }

  private static List<Entry> corpus() throws Exception {
    List<Entry> entries = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        SqlCorpusTest.class.getResourceAsStream("/reliability/sql-corpus.txt"), StandardCharsets.UTF_8))) {
      String line;
      for (int number = 1; (line = in.readLine()) != null; number++) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(": ");
        String tag = line.substring(0, colon);
        String sql = line.substring(colon + 2);
        if (!tag.equals("my")) {
          entries.add(new Entry(number, Dialect.POSTGRESQL, sql));
        }
        if (!tag.equals("pg")) {
          entries.add(new Entry(number, Dialect.MARIADB, sql));
        }
      }
    }
    return entries;
  }

  @Test
  void corpus_everyStatementIsRewrittenPassedOrRefused_andNoWriteIsHalfRewritten() throws Exception {
    List<Entry> corpus = corpus();
    MoveRewriter rewriter = new MoveRewriter();
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      for (Phase phase : Phase.values()) {
        RuleSet rules = rules(phase);
        for (Entry entry : corpus) {
          String where = "line " + entry.line() + " (" + entry.dialect() + ", " + phase + "): " + entry.sql();
          Future<RewritePlan> future = executor.submit(() -> rewriter.rewrite(entry.sql(), rules, entry.dialect(), METADATA));
          try {
            RewritePlan plan = future.get(BOUND_SECONDS, TimeUnit.SECONDS);
            outcomes.merge(plan.isRewritten() ? "rewritten" : "passedThrough", 1, Integer::sum);
            if (phase != Phase.CONTRACT) {
              halfWritten(entry.sql(), plan.sql(), rules).ifPresent(reason -> failures.add(where + ": " + reason));
            }
          } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql && "0A000".equals(sql.getSQLState())) {
              outcomes.merge("refused", 1, Integer::sum);
            } else {
              failures.add(where + ": " + cause);
            }
          } catch (TimeoutException e) {
            future.cancel(true);
            failures.add(where + ": took over " + BOUND_SECONDS + " s");
          }
        }
      }
    } finally {
      executor.shutdownNow();
    }
    System.out.println("corpus: statements=" + corpus.size() + " per phase, outcomes " + outcomes
        + " writesChecked=" + writesChecked + " failures=" + failures.size());
    assertThat(failures).isEmpty();
    assertThat(corpus.size()).isGreaterThanOrEqualTo(80);
    assertThat(writesChecked).isGreaterThan(50);
  }

  /**
   * Why {@code sent} is a half-rewritten write of {@code original}, or empty: a write that names a
   * moved column as a target must name both of its columns once sent.
   */
  private java.util.Optional<String> halfWritten(String original, String sent, RuleSet rules) {
    Statement before;
    try {
      before = CCJSqlParserUtil.parse(original);
    } catch (Exception | Error e) {
      return java.util.Optional.empty(); // not a statement our judge understands; the rewriter parsed it or passed it as DDL
    }
    Statement after = null;
    for (MoveRule move : rules.moves()) {
      String table = move.table().table().toString();
      Set<String> targets = WrittenColumns.of(before, original, table);
      String from = WrittenColumns.unquote(move.from().toString());
      String to = WrittenColumns.unquote(move.to().toString());
      if (!targets.contains(from) && !targets.contains(to)) {
        continue;
      }
      writesChecked++;
      try {
        after = after != null ? after : CCJSqlParserUtil.parse(sent);
      } catch (Exception | Error e) {
        return java.util.Optional.of("the SQL sent does not parse: " + sent);
      }
      Set<String> written = WrittenColumns.of(after, sent, table);
      if (!written.contains(WrittenColumns.ALL) && !(written.contains(from) && written.contains(to))) {
        return java.util.Optional.of(move.describe() + ": sent " + sent + " writes only "
            + written.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    return java.util.Optional.empty();
  }
}
