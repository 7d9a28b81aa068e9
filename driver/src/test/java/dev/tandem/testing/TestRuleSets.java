package dev.tandem.testing;

import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.util.List;

/** Rule sets built in code, for tests whose rewriter is a fake and only needs some rules. */
public final class TestRuleSets {
  private TestRuleSets() {}

  /** A fresh rule set (a new revision) with the one move {@code t.a->b} in expand. */
  public static RuleSet oneMove() {
    MoveRule move = new MoveRule("t.a->b", TableName.parse("t"), Identifier.parse("a"), Identifier.parse("b"),
        Transform.identityForward(), Transform.identityBackward(), Phase.EXPAND, 0);
    return new RuleSet(1, List.of(move), "test", "");
  }
}
