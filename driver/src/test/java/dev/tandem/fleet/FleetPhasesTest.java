package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rules.ColumnAction.Kind;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.PhaseTable;
import dev.tandem.rules.PhaseTable.Side;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state table of {@link FleetPhases}: what one instance writes and reads, given what the fleet applies. */
class FleetPhasesTest {
  private static final MoveRule MOVE = new MoveRule("t.a->b", TableName.parse("t"), Identifier.parse("a"),
      Identifier.parse("b"), Transform.forward("UPPER({from})"), Transform.backward("LOWER({to})"), Phase.EXPAND, 0);

  private static RuleSet rules(Phase phase) {
    return new RuleSet(1, phase == null ? List.of() : List.of(MOVE.withPhase(phase)), "test", "h" + phase);
  }

  /** The move as instance {@code own} serves it, the others applying {@code others}. */
  private static MoveRule served(Phase own, Phase previous, Phase... others) {
    List<RuleSet> live = new ArrayList<>();
    for (Phase p : others) {
      live.add(rules(p));
    }
    RuleSet effective = FleetPhases.effective(rules(own), rules(previous), live);
    return effective.move(MOVE.name());
  }

  /** writeFrom, writeTo, readFrom, readTo kinds, in one string for a readable table. */
  private static String behaviour(MoveRule m) {
    if (m == null) {
      return "absent";
    }
    var wf = PhaseTable.write(m, true, false);
    return wf.kind() + (wf.kind() == Kind.ALSO_WRITE ? "(" + wf.transform() + ")" : "") + " "
        + PhaseTable.write(m, false, true).kind() + " " + PhaseTable.read(m, Side.FROM).kind() + " "
        + PhaseTable.read(m, Side.TO).kind();
  }

  @Test
  void converged_servesTheAppliedRulesThemselves() {
    for (Phase p : Phase.values()) {
      RuleSet applied = rules(p);
      assertThat(FleetPhases.effective(applied, rules(p), List.of(applied, rules(p)))).isSameAs(applied);
    }
    RuleSet none = rules(null);
    assertThat(FleetPhases.effective(none, none, List.of(none))).isSameAs(none);
  }

  @Test
  void expandWhileSomeInstanceLacksTheMove_clearsToAndRefusesWritesOfToAlone() {
    assertThat(behaviour(served(Phase.EXPAND, null, (Phase) null))).isEqualTo("ALSO_WRITE(NULL) REFUSE UNCHANGED FALLBACK");
    // The instance that does not have the move yet, once it sees the others with it, keeps the same invariant.
    assertThat(behaviour(served(null, null, Phase.EXPAND))).isEqualTo("ALSO_WRITE(NULL) REFUSE UNCHANGED FALLBACK");
    assertThat(behaviour(served(Phase.EXPAND, null, Phase.EXPAND)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE UNCHANGED FALLBACK");
  }

  @Test
  void expandWhileSomeInstanceLacksTheMove_refusesEvenAStatementThatWritesBothColumns() {
    MoveRule m = served(Phase.EXPAND, null, (Phase) null);
    assertThat(PhaseTable.write(m, true, true).kind()).isEqualTo(Kind.REFUSE);
    assertThat(PhaseTable.write(m, false, false).kind()).isEqualTo(Kind.UNCHANGED);
  }

  @Test
  void memo_returnsTheSameRulesWhileNothingChanges() {
    FleetPhases.Memo memo = new FleetPhases.Memo();
    RuleSet applied = rules(Phase.CONTRACT);
    RuleSet first = memo.effective(applied, rules(Phase.MIGRATED), List.of(rules(Phase.MIGRATED)));
    assertThat(first).isNotSameAs(applied);
    assertThat(memo.effective(applied, rules(Phase.MIGRATED), List.of(rules(Phase.MIGRATED)))).isSameAs(first);
    assertThat(memo.effective(applied, rules(Phase.MIGRATED), List.of(rules(Phase.CONTRACT)))).isSameAs(applied);
  }

  @Test
  void migratedBeforeEveryoneIs_keepsTheCoalesceReads() {
    assertThat(behaviour(served(Phase.MIGRATED, Phase.EXPAND, Phase.EXPAND)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE UNCHANGED FALLBACK");
    assertThat(behaviour(served(Phase.MIGRATED, Phase.EXPAND, Phase.MIGRATED)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE UNCHANGED UNCHANGED");
  }

  @Test
  void contractBeforeEveryoneIs_writesBothAndReadsAsContract() {
    assertThat(behaviour(served(Phase.CONTRACT, Phase.MIGRATED, Phase.MIGRATED)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE COMPUTE UNCHANGED");
    assertThat(behaviour(served(Phase.CONTRACT, Phase.MIGRATED, Phase.CONTRACT)))
        .isEqualTo("REDIRECT UNCHANGED COMPUTE UNCHANGED");
    // The one still in migrated reads as contract too: the fleet reads one value of from.
    assertThat(behaviour(served(Phase.MIGRATED, Phase.MIGRATED, Phase.CONTRACT)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE COMPUTE UNCHANGED");
  }

  @Test
  void rollbackFromContract_writesBothAndKeepsContractReadsUntilTheNextRevision() {
    assertThat(behaviour(served(Phase.MIGRATED, Phase.CONTRACT, Phase.CONTRACT)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE COMPUTE UNCHANGED");
    assertThat(behaviour(served(Phase.MIGRATED, Phase.CONTRACT, Phase.MIGRATED)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE COMPUTE UNCHANGED");
    // The revision after the backward backfill (its predecessor is the rollback, in migrated).
    assertThat(behaviour(served(Phase.MIGRATED, Phase.MIGRATED, Phase.MIGRATED)))
        .isEqualTo("ALSO_WRITE(UPPER({from})) ALSO_WRITE UNCHANGED UNCHANGED");
  }

  @Test
  void droppedMove_isKeptAsTheOthersServeItUntilNoLiveInstanceHasIt() {
    assertThat(behaviour(served(null, Phase.CONTRACT, Phase.CONTRACT))).isEqualTo("REDIRECT UNCHANGED COMPUTE UNCHANGED");
    assertThat(behaviour(served(Phase.CONTRACT, Phase.CONTRACT, (Phase) null)))
        .isEqualTo("REDIRECT UNCHANGED COMPUTE UNCHANGED");
    assertThat(behaviour(served(null, Phase.EXPAND, Phase.EXPAND))).isEqualTo("ALSO_WRITE(NULL) REFUSE UNCHANGED FALLBACK");
    assertThat(behaviour(served(null, Phase.EXPAND, (Phase) null))).isEqualTo("absent");
  }

  @Test
  void incoherentFleet_refusesEveryReferenceButLeavesOtherStatementsAlone() {
    MoveRule m = served(Phase.CONTRACT, Phase.MIGRATED, Phase.EXPAND);
    assertThat(behaviour(m)).isEqualTo("REFUSE REFUSE REFUSE REFUSE");
    assertThat(PhaseTable.write(m, false, false).kind()).isEqualTo(Kind.UNCHANGED);
    assertThat(PhaseTable.read(m, Side.FROM).reason()).contains("expand, contract");
    MoveRule other = MOVE.withPhase(Phase.MIGRATED);
    MoveRule changed = new MoveRule(other.name(), other.table(), other.from(), other.to(), Transform.forward("{from}"),
        other.backward(), Phase.MIGRATED, 0);
    RuleSet mine = new RuleSet(1, List.of(other), "a", "a");
    RuleSet theirs = new RuleSet(1, List.of(changed), "b", "b");
    assertThat(behaviour(FleetPhases.effective(mine, mine, List.of(theirs)).move(other.name())))
        .isEqualTo("REFUSE REFUSE REFUSE REFUSE");
  }
}
