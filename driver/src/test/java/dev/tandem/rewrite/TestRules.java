package dev.tandem.rewrite;

import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.SplitRule;
import dev.tandem.rules.TableName;
import dev.tandem.rules.TableRename;
import dev.tandem.rules.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The moves the rewrite tests use, built in code. A rule reference in a case file is a
 * comma-separated list of move names, each optionally followed by {@code @phase}
 * ({@code rename@contract, cents}); without a phase a move is in {@code expand}. {@code retable} is a
 * table rename ({@code conversation} to {@code thread}).
 */
public final class TestRules {
  /** {@code conversation.subject} renamed to {@code title}: identity transforms. */
  static final MoveRule RENAME = move("rename", "conversation", "subject", "title", null, "{to}");
  /** {@code billing.invoice.amount_cents} (integer cents) to {@code amount} (decimal). */
  static final MoveRule CENTS = move("cents", "billing.invoice", "amount_cents", "amount", "{from} / 100.0",
      "ROUND({to} * 100)");
  /** {@code conversation.last_message_id} to {@code last_message_at}, looked up; one-way. */
  static final MoveRule LOOKUP = move("lookup", "conversation", "last_message_id", "last_message_at",
      "(SELECT m.sent_at FROM message m WHERE m.id = {from})", null);
  /** A table and columns written in quotes in the rules: {@code "Account"."EMail"} to {@code "MailAddress"}. */
  static final MoveRule QUOTED = move("quoted", "\"Account\"", "\"EMail\"", "\"MailAddress\"", null, "{to}");
  /** A transform that repeats its placeholder: {@code COALESCE({from}, {from})}-style. */
  static final MoveRule TWICE = move("twice", "counter", "hits", "hits_copy", "CASE WHEN {from} < 0 THEN 0 ELSE {from} END",
      "{to}");

  /** Two tenants' {@code customer} tables, each in its own schema, moving {@code email} to {@code email_address}. */
  public static final MoveRule TENANT_A = move("tenant_a", "tenant_a.customer", "email", "email_address", null, "{to}");
  public static final MoveRule TENANT_B = move("tenant_b", "tenant_b.customer", "email", "email_address", null, "{to}");

  /** {@code customer.email} renamed to {@code email_address}, as in issue 13's examples. */
  static final MoveRule EMAIL = move("email", "customer", "email", "email_address", null, "{to}");

  /** {@code customer.name} split into {@code first_name} and {@code last_name} (behaviour §12). */
  static final SplitRule SPLIT = new SplitRule("split", TableName.parse("customer"), Identifier.parse("name"),
      List.of(Identifier.parse("first_name"), Identifier.parse("last_name")),
      List.of(Transform.forward("split_part({from}, ' ', 1)"), Transform.forward("split_part({from}, ' ', 2)")),
      "{first_name} || ' ' || {last_name}", Phase.EXPAND, 0);

  /** The same split one-way: writes of the targets leave {@code name} alone, contract cannot read it. */
  static final SplitRule SPLIT_ONE_WAY = new SplitRule("split1", TableName.parse("customer"), Identifier.parse("name"),
      SPLIT.targets(), SPLIT.forwards(), null, Phase.EXPAND, 0);

  private static final Map<String, SplitRule> SPLITS = Map.of("split", SPLIT, "split1", SPLIT_ONE_WAY);

  private static final Map<String, MoveRule> ALL = Map.of("rename", RENAME, "cents", CENTS, "lookup", LOOKUP,
      "quoted", QUOTED, "twice", TWICE, "tenant_a", TENANT_A, "tenant_b", TENANT_B, "email", EMAIL);

  /** Table {@code conversation} renamed to {@code thread} (a table rename, not a column move). */
  static final TableRename RETABLE = new TableRename("retable", TableName.parse("conversation"),
      TableName.parse("thread"), Phase.EXPAND, 0);

  /** Table {@code app.conversation} renamed to {@code app.thread}: a rename in one schema only. */
  static final TableRename RETABLE_APP = new TableRename("retable_app", TableName.parse("app.conversation"),
      TableName.parse("app.thread"), Phase.EXPAND, 0);

  private static final Map<String, TableRename> RENAMES = Map.of("retable", RETABLE, "retable_app", RETABLE_APP);

  private TestRules() {}

  static MoveRule move(String name, String table, String from, String to, String forward, String backward) {
    return new MoveRule(name, TableName.parse(table), Identifier.parse(from), Identifier.parse(to),
        forward == null ? Transform.identityForward() : Transform.forward(forward),
        backward == null ? null : Transform.backward(backward), Phase.EXPAND, 0);
  }

  /** The rule set a case file's {@code -- rules:} line names. */
  static RuleSet parse(String reference) {
    List<MoveRule> moves = new ArrayList<>();
    List<TableRename> renames = new ArrayList<>();
    for (String part : reference.split(",")) {
      String p = part.trim();
      String phase = "expand";
      int at = p.indexOf('@');
      if (at >= 0) {
        phase = p.substring(at + 1).trim().toLowerCase(Locale.ROOT);
        p = p.substring(0, at).trim();
      }
      MoveRule move = ALL.get(p);
      if (RENAMES.containsKey(p)) {
        renames.add(RENAMES.get(p).withPhase(Phase.fromYaml(phase)));
        continue;
      }
      if (SPLITS.containsKey(p)) {
        moves.addAll(SPLITS.get(p).withPhase(Phase.fromYaml(phase)).pieces());
        continue;
      }
      if (move == null) {
        throw new IllegalArgumentException("no test move named " + p);
      }
      Phase parsed = Phase.fromYaml(phase);
      if (parsed == null) {
        throw new IllegalArgumentException("no phase " + phase);
      }
      moves.add(move.withPhase(parsed));
    }
    return new RuleSet(1, moves, renames, "test", "", java.util.Set.of());
  }
}
