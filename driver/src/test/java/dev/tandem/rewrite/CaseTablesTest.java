package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the SQL-in / SQL-out tables {@code rewrite/write-cases.txt}, {@code rewrite/read-cases.txt} and
 * {@code rewrite/resolution-cases.txt}, {@code rewrite/rename-cases.txt} (format in {@link RewriteCase}).
 */
class CaseTablesTest {
  /** Table metadata for write cases without a column list. */
  static final TableColumns WRITE_COLUMNS = (schema, table) -> Map.of(
      "conversation", List.of("id", "subject", "last_message_id", "created_at", "title", "last_message_at"),
      "invoice", List.of("id", "amount_cents", "amount")).get(table.toLowerCase(Locale.ROOT));

  private final MoveRewriter rewriter = new MoveRewriter();

  static List<RewriteCase> writeCases() throws IOException {
    return RewriteCase.load("/rewrite/write-cases.txt");
  }

  static List<RewriteCase> readCases() throws IOException {
    return RewriteCase.load("/rewrite/read-cases.txt");
  }

  static List<RewriteCase> renameCases() throws IOException {
    return RewriteCase.load("/rewrite/rename-cases.txt");
  }

  /** A table rename's plan depends on which name is the table: it is always marked as made from metadata. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("renameCases")
  void renameCase_matchesTheTable(RewriteCase c) throws Exception {
    RewritePlan plan = c.check(rewriter, TableColumns.NONE);
    if (plan != null && plan.kind() != StatementKind.DDL) {
      assertThat(plan.expandedFromMetadata()).as("made from metadata").isTrue();
    }
  }

  static List<RewriteCase> splitCases() throws IOException {
    return RewriteCase.load("/rewrite/split-cases.txt");
  }

  /** The column-split cases (behaviour §12), with metadata where a case gives it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("splitCases")
  void splitCase_matchesTheTable(RewriteCase c) throws Exception {
    c.check(rewriter, SPLIT_COLUMNS);
  }

  /** Table metadata for split cases without a column list or with a star. */
  static final TableColumns SPLIT_COLUMNS = (schema, table) -> "customer".equalsIgnoreCase(table)
      ? List.of("id", "name", "first_name", "last_name") : null;

  static List<RewriteCase> resolutionCases() throws IOException {
    return RewriteCase.load("/rewrite/resolution-cases.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writeCases")
  void writeCase_matchesTheTable(RewriteCase c) throws Exception {
    c.check(rewriter, WRITE_COLUMNS);
  }

  /** A read case that gives table metadata ({@code -- columns:}) expects the plan to be marked as made from it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("readCases")
  void readCase_matchesTheTable(RewriteCase c) throws Exception {
    RewritePlan plan = c.check(rewriter, TableColumns.NONE);
    if (plan != null && plan.isRewritten()) {
      assertThat(plan.expandedFromMetadata()).as("expanded from metadata").isEqualTo(!c.columns().isEmpty());
    }
  }

  /**
   * A resolution case's plan is marked as made from metadata only when the case gives metadata; it
   * may be unmarked with metadata, when no answer from it was needed (a derived table's own names).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("resolutionCases")
  void resolutionCase_matchesTheTable(RewriteCase c) throws Exception {
    RewritePlan plan = c.check(rewriter, TableColumns.NONE);
    if (plan != null && c.columns().isEmpty()) {
      assertThat(plan.expandedFromMetadata()).as("expanded from metadata").isFalse();
    }
  }
}
