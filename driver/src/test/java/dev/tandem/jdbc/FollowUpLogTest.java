package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rewrite.FollowUp;
import dev.tandem.rewrite.ParameterMap;
import dev.tandem.rewrite.ResultTypes;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.StatementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement log shows a plan's follow-up statements (docs/behaviour.md §13), with their parameter sources. */
class FollowUpLogTest {

  @Test
  void format_planWithAFollowUp_showsItAndTheParametersItTakes() {
    RewritePlan plan = new RewritePlan("UPDATE local_user SET password = ? WHERE id = ?",
        "UPDATE local_user SET password = ? WHERE id = ?", ParameterMap.identity(), StatementKind.UPDATE, List.of("pw"),
        false, ResultTypes.NONE, List.of(new FollowUp("INSERT INTO password (local_user_id, password) SELECT …",
            new int[] {2}, "pw", false)));

    assertThat(StatementLog.format(plan)).startsWith("update rewritten by pw: UPDATE local_user")
        .endsWith(" ; then: INSERT INTO password (local_user_id, password) SELECT … with application parameters [2]");
  }
}
