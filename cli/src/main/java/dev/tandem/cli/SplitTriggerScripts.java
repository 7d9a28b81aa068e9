package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.SplitRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The sync triggers of a column split (behaviour §12), one set for the whole split rather than one per
 * target: a per-target trigger that recomputed {@code from} from the targets would make the next one
 * recompute its target from that new {@code from} (first name "Mary Ann" makes "Mary Ann Smith", whose last
 * name by the forward transform is "Ann Smith"). Installed for the split's first piece; the other pieces get none.
 *
 * <ul>
 *   <li>On insert, each NULL target is {@code forward_i(from)}, then a NULL {@code from} is
 *       {@code backward(targets)} (two-way splits).
 *   <li>On update, when {@code from} changed and no target did, every target is recomputed from it; when
 *       some target changed and {@code from} did not, {@code from} is recomputed from the targets. A write
 *       through Tandem changes both sides, and nothing is done.
 * </ul>
 *
 * MariaDB's trigger body is one {@code SET}, evaluated left to right: the two conditions are computed
 * first, into the session variables {@code @tandem_sync_forward} and {@code @tandem_sync_backward}, so
 * that assigning one target does not change what the next assignment sees.
 */
final class SplitTriggerScripts {
  private final Dialect dialect;

  SplitTriggerScripts(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The statements that install the split's triggers, for its first piece; none for the others. */
  List<String> create(MoveRule piece, List<String> drop) {
    if (!piece.split().first()) {
      return List.of();
    }
    SplitRule split = piece.split().split();
    String table = new MoveSql(piece, dialect).table();
    String newFrom = "NEW." + split.from().sql(dialect);
    String oldFrom = "OLD." + split.from().sql(dialect);
    String backward = split.oneWay() ? null : split.backwardOf(t -> "NEW." + t.sql(dialect));
    List<String> targetsSame = new ArrayList<>();
    List<String> targetsChanged = new ArrayList<>();
    for (Identifier target : split.targets()) {
      targetsSame.add(MoveSql.same(dialect, "NEW." + target.sql(dialect), "OLD." + target.sql(dialect)));
      targetsChanged.add(MoveSql.distinct(dialect, "NEW." + target.sql(dialect), "OLD." + target.sql(dialect)));
    }
    String forwardWhen = MoveSql.distinct(dialect, newFrom, oldFrom) + " AND " + String.join(" AND ", targetsSame);
    String backwardWhen = "(" + String.join(" OR ", targetsChanged) + ") AND " + MoveSql.same(dialect, newFrom,
        oldFrom);
    if (dialect == Dialect.POSTGRESQL) {
      return postgresql(piece, split, table, newFrom, backward, forwardWhen, backwardWhen, drop);
    }
    return mariadb(piece, split, table, newFrom, backward, forwardWhen, backwardWhen, drop);
  }

  private List<String> postgresql(MoveRule piece, SplitRule split, String table, String newFrom, String backward,
      String forwardWhen, String backwardWhen, List<String> drop) {
    StringBuilder body = new StringBuilder("BEGIN\n  IF TG_OP = 'INSERT' THEN\n");
    for (int i = 0; i < split.targets().size(); i++) {
      String target = "NEW." + split.targets().get(i).sql(dialect);
      body.append("    IF ").append(target).append(" IS NULL THEN ").append(target).append(" := ")
          .append(split.forwards().get(i).apply(newFrom)).append("; END IF;\n");
    }
    if (backward != null) {
      body.append("    IF ").append(newFrom).append(" IS NULL THEN ").append(newFrom).append(" := ").append(backward)
          .append("; END IF;\n");
    }
    body.append("  ELSIF ").append(forwardWhen).append(" THEN\n");
    for (int i = 0; i < split.targets().size(); i++) {
      body.append("    NEW.").append(split.targets().get(i).sql(dialect)).append(" := ")
          .append(split.forwards().get(i).apply(newFrom)).append(";\n");
    }
    if (backward != null) {
      body.append("  ELSIF ").append(backwardWhen).append(" THEN\n    ").append(newFrom).append(" := ")
          .append(backward).append(";\n");
    }
    body.append("  END IF;\n  RETURN NEW;\nEND");
    String quote = "$tandem$";
    if (body.indexOf(quote) >= 0) {
      throw new IllegalArgumentException(split.describe() + ": a transform contains " + quote
          + ", which quotes the trigger function's body");
    }
    String function = TriggerScripts.inSchema(piece, TriggerScripts.name(piece, ""), dialect);
    return List.of(
        "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS " + quote + "\n" + body
            + "\n" + quote,
        drop.get(0),
        "CREATE TRIGGER " + TriggerScripts.name(piece, "") + " BEFORE INSERT OR UPDATE ON " + table
            + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");
  }

  private List<String> mariadb(MoveRule piece, SplitRule split, String table, String newFrom, String backward,
      String forwardWhen, String backwardWhen, List<String> drop) {
    List<String> onInsert = new ArrayList<>();
    List<String> onUpdate = new ArrayList<>();
    onUpdate.add("@tandem_sync_forward = (" + forwardWhen + ")");
    onUpdate.add("@tandem_sync_backward = (" + backwardWhen + ")");
    for (int i = 0; i < split.targets().size(); i++) {
      String target = "NEW." + split.targets().get(i).sql(dialect);
      String forward = split.forwards().get(i).apply(newFrom);
      onInsert.add(target + " = IF(" + target + " IS NULL, " + forward + ", " + target + ")");
      onUpdate.add(target + " = IF(@tandem_sync_forward, " + forward + ", " + target + ")");
    }
    if (backward != null) {
      onInsert.add(newFrom + " = IF(" + newFrom + " IS NULL, " + backward + ", " + newFrom + ")");
      onUpdate.add(newFrom + " = IF(@tandem_sync_backward, " + backward + ", " + newFrom + ")");
    }
    return List.of(
        drop.get(0),
        "CREATE TRIGGER " + TriggerScripts.inSchema(piece, TriggerScripts.name(piece, "_bi"), dialect)
            + " BEFORE INSERT ON " + table + " FOR EACH ROW\n  SET " + String.join(",\n    ", onInsert),
        drop.get(1),
        "CREATE TRIGGER " + TriggerScripts.inSchema(piece, TriggerScripts.name(piece, "_bu"), dialect)
            + " BEFORE UPDATE ON " + table + " FOR EACH ROW\n  SET " + String.join(",\n    ", onUpdate));
  }
}
