package dev.tandem.rewrite;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL-in / SQL-out cases that kill mutants PIT left alive in the dual-write path
 * ({@code AssignmentWriter}, {@code ColumnListWriter}, {@code InsertRewriter}): a statement that
 * writes both columns itself with either first, a moved column at index 0 of a column list, a
 * row-value assignment, MariaDB's {@code REPLACE … SET}. Each states behaviour, not structure.
 */
class DualWriteMutantsTest {
  private final MoveRewriter rewriter = new MoveRewriter();

  static List<RewriteCase> cases() throws IOException {
    return RewriteCase.load("/rewrite/dual-write-mutants.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void dualWriteCase_matchesTheTable(RewriteCase c) throws Exception {
    c.check(rewriter, CaseTablesTest.WRITE_COLUMNS);
  }
}
