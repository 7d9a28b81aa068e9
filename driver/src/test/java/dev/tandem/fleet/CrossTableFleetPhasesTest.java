package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A move to another table in a fleet (docs/behaviour.md §13): contract is served only once every live instance has it. */
class CrossTableFleetPhasesTest {
  private static RuleSet rules(String phase) throws Exception {
    return RuleFileLoader.parse("version: 1\nmoves:\n  - {name: pw, table: local_user, from: password, key: id,"
        + " to_table: password, to: password, to_key: local_user_id, phase: " + phase + "}\n", "inline");
  }

  @Test
  void contract_whileAnInstanceIsStillInMigrated_isServedAsMigrated() throws Exception {
    RuleSet contract = rules("contract");
    RuleSet migrated = rules("migrated");

    RuleSet skewed = FleetPhases.effective(contract, migrated, List.of(contract, migrated));
    assertThat(skewed.crossTableMove("pw").phase()).isEqualTo(Phase.MIGRATED);
    assertThat(FleetPhases.effective(contract, migrated, List.of(contract, RuleSet.empty()))
        .crossTableMove("pw").phase()).isEqualTo(Phase.MIGRATED);

    RuleSet converged = FleetPhases.effective(contract, migrated, List.of(contract, contract));
    assertThat(converged).isSameAs(contract);
    assertThat(FleetPhases.effective(migrated, migrated, List.of(migrated, contract))).isSameAs(migrated);
  }
}
