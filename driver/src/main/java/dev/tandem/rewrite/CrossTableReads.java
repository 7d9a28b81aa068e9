package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reads of a column moved to another table, as column moves the read rewrite already knows
 * (docs/behaviour.md §13). A read is a lookup of the paired row of the other table, a transform with a
 * subquery:
 * <ul>
 *   <li>expand, a read of {@code toTable.to}: the move {@code toTable.toKey -> to} with forward
 *       {@code (SELECT x.from FROM table x WHERE x.key = {from})}, so the read is
 *       {@code COALESCE(to, lookup of from)};
 *   <li>contract, a read of {@code table.from}: the move {@code table.from -> key} with backward
 *       {@code (SELECT x.to FROM toTable x WHERE x.toKey = {to})}, so the read is the lookup of {@code to},
 *       labelled {@code from}.
 * </ul>
 * These moves stand for reads only: writes naming the columns they pair are planned by
 * {@link CrossTableWrites} first, and a statement written to a table of such a read move is never given to
 * the column-move writers with it (see {@link #forWritesTo}).
 */
final class CrossTableReads {
  /** The one name a lookup declares: its table's alias. */
  static final String ALIAS = "tandem_x";
  private static final Pattern LOOKUP = Pattern.compile(
      "\\(SELECT " + ALIAS + "\\.\\S+ FROM \\S+ " + ALIAS + " WHERE " + ALIAS + "\\.\\S+ = \\{(from|to)\\}\\)");

  private CrossTableReads() {}

  /** The column moves of {@code rules} with the read moves of its moves to other tables added. */
  static RuleSet readRules(RuleSet rules, Dialect dialect) {
    return with(rules, dialect, null);
  }

  /**
   * The same for a statement that writes {@code target}: without a read move on that table, whose
   * {@code from} is a key column the column-move writers would copy into {@code to}.
   */
  static RuleSet forWritesTo(RuleSet rules, Dialect dialect, TableName target) {
    return with(rules, dialect, target);
  }

  private static RuleSet with(RuleSet rules, Dialect dialect, TableName skipped) {
    List<MoveRule> moves = new ArrayList<>(rules.moves());
    for (CrossTableMove move : rules.crossTableMoves()) {
      if (move.phase() == Phase.EXPAND && !move.toTable().equals(skipped)) {
        moves.add(new MoveRule(move.name(), move.toTable(), move.toKey(), move.to(),
            Transform.forward(lookup(move.from(), move.table(), move.key(), "{from}", dialect)),
            Transform.backward("{to}"), Phase.EXPAND, move.line()));
      } else if (move.phase() == Phase.CONTRACT && !move.table().equals(skipped)) {
        moves.add(new MoveRule(move.name(), move.table(), move.from(), move.key(), Transform.forward("{from}"),
            Transform.backward(lookup(move.to(), move.toTable(), move.toKey(), "{to}", dialect)), Phase.CONTRACT,
            move.line()));
      }
    }
    return rules.withMoves(moves, rules.contentHash());
  }

  /** {@code (SELECT x.column FROM table x WHERE x.key = placeholder)}. */
  private static String lookup(dev.tandem.rules.Identifier column, TableName table, dev.tandem.rules.Identifier key,
      String placeholder, Dialect dialect) {
    return "(SELECT " + ALIAS + "." + column.sql(dialect) + " FROM " + CrossTableSql.table(table, null, dialect) + " "
        + ALIAS + " WHERE " + ALIAS + "." + key.sql(dialect) + " = " + placeholder + ")";
  }

  /**
   * Whether {@code transform} is such a lookup: its only name that a query's qualifier could be captured
   * by is {@link #ALIAS} (a table with an alias is not visible under its own name).
   */
  static boolean isLookup(Transform transform) {
    return LOOKUP.matcher(transform.template()).matches();
  }
}
