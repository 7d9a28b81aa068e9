package dev.tandem.rewrite;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells, without parsing, whether a statement can name a moved table: whether the name of any
 * moved table occurs in its text as a whole word, ignoring case. Built once per rule set.
 *
 * <p>The test errs on the safe side. A name inside a string literal or a comment, or a table of
 * the same name in another schema, is a hit too; the statement is then parsed and looked at
 * properly. A miss is certain: SQL cannot name a table without writing its name. Matching is
 * case-insensitive whatever the dialect, which also covers quoted names. The scan allocates
 * nothing.
 */
final class MovedTableMatcher {
  private final String[] names;
  private final MoveRule[] firstMoveOf;
  /** For ASCII characters: whether some name starts with it (either case). */
  private final boolean[] startsSomeName = new boolean[128];
  private final boolean nonAsciiStart;
  /** Whether some name starts with a character that cannot start a word ({@code "#tmp"}). */
  private final boolean oddStart;

  MovedTableMatcher(RuleSet rules) {
    List<String> distinct = new ArrayList<>();
    List<MoveRule> moves = new ArrayList<>();
    for (MoveRule move : rules.moves()) {
      String name = move.table().table().name();
      boolean seen = false;
      for (String d : distinct) {
        seen |= d.equalsIgnoreCase(name);
      }
      if (!seen && !name.isEmpty()) {
        distinct.add(name);
        moves.add(move);
      }
    }
    this.names = distinct.toArray(new String[0]);
    this.firstMoveOf = moves.toArray(new MoveRule[0]);
    boolean nonAscii = false;
    boolean odd = false;
    for (String name : names) {
      char c = name.charAt(0);
      odd |= !isWordChar(c);
      if (c < 128) {
        startsSomeName[Character.toLowerCase(c)] = true;
        startsSomeName[Character.toUpperCase(c)] = true;
      } else {
        nonAscii = true;
      }
    }
    this.nonAsciiStart = nonAscii;
    this.oddStart = odd;
  }

  /**
   * A move whose table name occurs in {@code sql} as a whole word, or {@code null} when no moved
   * table can be named. Used to name a move in the refusal of a statement that does not parse.
   */
  MoveRule firstNamed(String sql) {
    int n = sql.length();
    boolean previousIsWord = false;
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      boolean word = isWordChar(c);
      if (oddStart || (word && !previousIsWord && (c < 128 ? startsSomeName[c] : nonAsciiStart))) {
        for (int k = 0; k < names.length; k++) {
          String name = names[k];
          int end = i + name.length();
          if (end <= n && sql.regionMatches(true, i, name, 0, name.length())
              && (end == n || !isWordChar(sql.charAt(end)))) {
            return firstMoveOf[k];
          }
        }
      }
      previousIsWord = word;
    }
    return null;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
        || (c >= 128 && Character.isLetterOrDigit(c));
  }
}
