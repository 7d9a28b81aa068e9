package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.SplitRule;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A column split under a fleet: its pieces share the split's name, and each is still decided on its own. */
class SplitFleetPhasesTest {
  private static RuleSet rules(Phase phase) {
    SplitRule split = new SplitRule("name-split", TableName.parse("customer"), Identifier.parse("name"),
        List.of(Identifier.parse("first_name"), Identifier.parse("last_name")),
        List.of(Transform.forward("upper({from})"), Transform.forward("lower({from})")),
        "{first_name} || {last_name}", phase, 3);
    return new RuleSet(1, split.pieces(), List.of(), "test", "", Set.of());
  }

  @Test
  void decide_splitInMigratedBesideExpand_keepsBothPiecesReadingAsExpand() {
    RuleSet migrated = rules(Phase.MIGRATED);
    List<FleetPhases.Decision> decisions = FleetPhases.decide(migrated, rules(Phase.EXPAND),
        List.of(rules(Phase.EXPAND)));

    assertThat(decisions).extracting(d -> d.move().to().name()).containsExactly("first_name", "last_name");
    assertThat(decisions).extracting(d -> d.move().serving().reads()).containsOnly(Phase.EXPAND);
    assertThat(decisions).extracting(d -> d.move().split()).doesNotContainNull();
    assertThat(migrated.moves()).extracting(MoveRule::key)
        .containsExactly("name-split[first_name]", "name-split[last_name]");
  }
}
