package dev.tandem.rewrite;

import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells, without parsing, whether a statement can name a moved table under any lexing of its text
 * (SPEC §6): whether the name of any moved table occurs in it as a word, ignoring case. Built once
 * per rule set and dialect.
 *
 * <p>The test errs on the safe side. A name inside a string literal or a comment (which may be a
 * MariaDB executable comment), or a table of the same name in another schema, is a hit too; the
 * statement is then lexed by the dialect's rules, parsed and looked at properly. A word starts
 * after anything but a letter or {@code _}, so a digit before it does not hide it
 * ({@code /*!50100customer*}{@code /} runs {@code customer} on MariaDB), and it ends before anything
 * but a letter, digit or {@code _} ({@code customer$1} is a hit too). Matching is case-insensitive whatever the dialect, which also
 * covers quoted names. The only way to name a table without writing its name is a Unicode-escaped
 * name ({@code U&"\0063ustomer"}, PostgreSQL and H2): when the text has {@code U&}, its names are
 * decoded by the dialect's lexer and compared too. Otherwise the scan allocates nothing.
 */
final class MovedTableMatcher {
  private final String[] names;
  private final MoveRule[] firstMoveOf;
  /** For ASCII characters: whether some name starts with it (either case). */
  private final boolean[] startsSomeName = new boolean[128];
  private final boolean nonAsciiStart;
  /** Whether some name starts with a character that cannot start a word ({@code "#tmp"}). */
  private final boolean oddStart;

  private final SqlLexer lexer;

  MovedTableMatcher(RuleSet rules, SqlLexer lexer) {
    this(firstMoveOfEachTable(rules), lexer);
  }

  private MovedTableMatcher(List<MoveRule> moves, SqlLexer lexer) {
    this(moves.stream().map(m -> m.table().table().name()).toList(), moves, lexer);
  }

  /** A matcher of other names that matter ({@link ViewsOverMoves}): {@code names[i]} hits {@code moves[i]}. */
  MovedTableMatcher(List<String> names, List<MoveRule> moves, SqlLexer lexer) {
    this.lexer = lexer;
    this.names = names.toArray(new String[0]);
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

  private static List<MoveRule> firstMoveOfEachTable(RuleSet rules) {
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
    return moves;
  }

  /**
   * A move whose table name occurs in {@code sql} as a whole word, or {@code null} when no moved
   * table can be named. Used to name a move in the refusal of a statement that does not parse.
   */
  MoveRule firstNamed(String sql) {
    int n = sql.length();
    boolean previousIsWord = false;
    boolean unicodeNames = false;
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      boolean word = isWordChar(c);
      if (c == '&' && i > 0 && (sql.charAt(i - 1) == 'U' || sql.charAt(i - 1) == 'u')) {
        unicodeNames = true;
      }
      if (oddStart || (word && !previousIsWord && (c < 128 ? startsSomeName[c] : nonAsciiStart))) {
        for (int k = 0; k < names.length; k++) {
          String name = names[k];
          int end = i + name.length();
          if (end <= n && sql.regionMatches(true, i, name, 0, name.length())
              && (end == n || !isWordChar(sql.charAt(end)) || sql.charAt(end) == '$')) {
            return firstMoveOf[k];
          }
        }
      }
      // Digits and '$' do not join a word to what follows: a name may start right after them.
      previousIsWord = word && !(c >= '0' && c <= '9') && c != '$';
    }
    return unicodeNames ? namedByEscapes(sql) : null;
  }

  /** A move whose table a Unicode-escaped name in {@code sql} decodes to (or may: an escape that does not decode). */
  private MoveRule namedByEscapes(String sql) {
    for (SqlLexer.Token t : lexer.tokens(sql)) {
      if (t.kind() == SqlLexer.Kind.QUOTED_NAME && t.end() - t.begin() > 2 && sql.charAt(t.begin() + 1) == '&') {
        for (int k = 0; k < names.length; k++) {
          if (t.name() == null || t.name().equalsIgnoreCase(names[k])) {
            return firstMoveOf[k];
          }
        }
      }
    }
    return null;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
        || (c >= 128 && Character.isLetterOrDigit(c));
  }
}
