package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.PhaseTable;
import dev.tandem.rules.RuleSet;

/**
 * Generated-key column names ({@code prepareStatement(sql, String[])}) seen through the phase
 * table: which of them would be a computed read, and the statement with the names written as its
 * own {@code RETURNING} clause, so that the read rewriting reaches them.
 */
public final class GeneratedKeyNames {
  private GeneratedKeyNames() {}

  /**
   * The first move on a table {@code sql} may name ({@link TableMention}: another tenant's table is not
   * this connection's) whose phase computes a read of one of {@code names} (its retired {@code from}),
   * or {@code null}.
   */
  public static MoveRule computedRead(RuleSet rules, Dialect dialect, String[] names, String sql, TableColumns columns)
      throws java.sql.SQLException {
    for (MoveRule move : rules.moves()) {
      if (!PhaseTable.read(move, PhaseTable.Side.FROM).changes()
          || !TableMention.mayName(sql, move, columns, dialect.family())) {
        continue;
      }
      for (String name : names) {
        // Drivers differ in how they fold these names; matching either way refuses or rewrites
        // more often, never less.
        if (name != null && (move.from().canonical(dialect).equals(dialect.canonical(name, true))
            || move.from().matches(name, dialect))) {
          return move;
        }
      }
    }
    return null;
  }

  /**
   * {@code sql} followed by {@code RETURNING "a", "b"}, the clause PostgreSQL's driver would add,
   * unless the statement has a {@code RETURNING} of its own (the driver then adds none either).
   * The clause goes on a line of its own, after a trailing line comment, before a trailing {@code ;}.
   */
  public static String withReturning(String sql, String[] names) {
    if (hasReturningKeyword(sql)) {
      return sql;
    }
    int end = sql.length();
    while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
      end--;
    }
    StringBuilder out = new StringBuilder(sql.length() + 32).append(sql, 0, end).append("\nRETURNING ");
    for (int i = 0; i < names.length; i++) {
      out.append(i == 0 ? "" : ", ").append(names[i].equals("*") ? "*" : Dialect.POSTGRESQL.quote(names[i]));
    }
    return out.toString();
  }

  /**
   * Whether {@code RETURNING} stands in the statement as a keyword, the way PostgreSQL's driver decides
   * whether to add its own clause: not inside a string, a quoted name or a comment. A text search would
   * take {@code VALUES (?, 'returning')} for a clause, add none, and let the driver's own clause read
   * the stale old column.
   */
  private static boolean hasReturningKeyword(String sql) {
    for (SqlLexer.Token t : SqlLexer.of(Dialect.POSTGRESQL).tokens(sql)) {
      if (t.isWord(sql, "returning")) {
        return true;
      }
    }
    return false;
  }
}
