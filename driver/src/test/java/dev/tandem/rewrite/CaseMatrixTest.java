package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the case tables in every phase and every dialect, beyond the expectations the case
 * states: the rewrite either gives a plan or refuses with SQLState {@code 0A000}, never another
 * exception; in migrated a statement that only reads is never changed; and a rewritten statement
 * still parses in its dialect.
 */
class CaseMatrixTest {
  private final MoveRewriter rewriter = new MoveRewriter();
  private final SqlParser parser = new SqlParser();

  static Stream<Arguments> matrix() throws IOException {
    List<Arguments> out = new ArrayList<>();
    List<RewriteCase> cases = new ArrayList<>(CaseTablesTest.writeCases());
    cases.addAll(CaseTablesTest.readCases());
    for (RewriteCase c : cases) {
      for (Phase phase : Phase.values()) {
        for (Dialect dialect : new Dialect[] {Dialect.POSTGRESQL, Dialect.MARIADB, Dialect.H2}) {
          out.add(Arguments.of(c, phase, dialect));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} @{1} [{2}]")
  @MethodSource("matrix")
  void everyCase_inEveryPhaseAndDialect_planOrRefusal(RewriteCase c, Phase phase, Dialect dialect) throws Exception {
    List<MoveRule> moves = new ArrayList<>();
    for (MoveRule move : TestRules.parse(c.rules()).moves()) {
      moves.add(move.withPhase(phase));
    }
    RuleSet rules = new RuleSet(1, moves, "test", "");
    RewritePlan plan;
    try {
      plan = rewriter.rewrite(c.sql(), rules, dialect, c.tableColumns(CaseTablesTest.WRITE_COLUMNS));
    } catch (RewriteRefusedException e) {
      assertThat(e.getSQLState()).isEqualTo("0A000");
      return;
    }
    if (phase == Phase.MIGRATED && plan.kind() == StatementKind.SELECT) {
      assertThat(plan.isRewritten()).as("reads pass through in migrated").isFalse();
    }
    if (plan.isRewritten()) {
      String[] parts = DeltaTables.parts(plan.sql(), dialect); // H2's FINAL TABLE (…): its two statements apart
      for (String part : parts == null ? new String[] {plan.sql()} : parts) {
        parser.parse(part, dialect); // throws when the rewrite made SQL its dialect cannot parse
      }
    }
  }
}
