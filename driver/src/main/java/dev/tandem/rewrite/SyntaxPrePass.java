package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.SqlLexer.Kind;
import dev.tandem.rewrite.SqlLexer.Token;
import java.util.List;

/**
 * Vendor syntax applications send that JSqlParser 5.3 cannot read, made readable in place (same
 * length, so offsets stay valid) where dropping a word changes nothing Tandem rewrites:
 *
 * <ul>
 *   <li>PostgreSQL {@code UPDATE ONLY t} and {@code DELETE FROM ONLY t}: {@code ONLY} (leave out
 *       inheriting tables) is blanked; the table is the same;
 *   <li>MariaDB/MySQL {@code GROUP BY c DESC}: the {@code ASC}/{@code DESC} of a grouping item
 *       (an ordering of the groups) is blanked; the grouping is the same;
 *   <li>{@code (c, …) = ROW(v, …)} (PostgreSQL requires {@code ROW} in {@code UPDATE t SET (c) = ROW(?)}
 *       for one column; H2 accepts it): {@code ROW} before the parenthesis of a row compared with or
 *       assigned to a parenthesised column list is blanked; the row is the same, and values Tandem adds
 *       inside the parenthesis stay inside the application's {@code ROW(…)};
 *   <li>H2 {@code MERGE INTO t [(c, …)] KEY (k, …) VALUES …|SELECT …} (H2's upsert by key) is read as
 *       {@code UPSERT t (c, …) VALUES …}: {@code MERGE INTO} becomes {@code UPSERT} and the {@code KEY}
 *       list is blanked. The writes are the same; which rows match is decided by the key, which
 *       {@link InsertRewriter} reads from the application's text and refuses when it names a moved column;
 *   <li>MariaDB/MySQL {@code SELECT … LOCK IN SHARE MODE} (what Hibernate's MariaDB dialect sends for a
 *       pessimistic read lock) is read as {@code FOR SHARE}: the lock changes which rows wait, not what is read;
 *   <li>MariaDB/MySQL {@code SELECT … INTO @a, @b …} (a query whose row goes to user variables) is read
 *       without the {@code INTO} list: what is read, and so rewritten, is the same; the variables stay in the
 *       text sent. {@code INTO OUTFILE} and {@code INTO DUMPFILE} are not read.
 * </ul>
 *
 * <p>The database still receives the application's text with it.
 */
final class SyntaxPrePass {
  private SyntaxPrePass() {}

  static String apply(String text, List<Token> tokens, Dialect dialect) {
    char[] out = null;
    int depth = 0;
    int groupByDepth = -1;
    Token before = null;
    Token twoBefore = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (isSkipped(t)) {
        continue;
      }
      if (t.kind() == Kind.SYMBOL && text.charAt(t.begin()) == '(') {
        depth++;
      } else if (t.kind() == Kind.SYMBOL && text.charAt(t.begin()) == ')') {
        depth--;
        if (depth < groupByDepth) {
          groupByDepth = -1;
        }
      } else if (t.kind() == Kind.WORD) {
        if (dialect == Dialect.POSTGRESQL && is(text, t, "ONLY")
            && (is(text, before, "UPDATE") || (is(text, before, "FROM") && is(text, twoBefore, "DELETE")))) {
          out = blank(text, out, t);
        } else if (is(text, t, "ROW") && isSymbol(text, before, '=') && isSymbol(text, twoBefore, ')')
            && isSymbol(text, next(tokens, i), '(')) {
          out = blank(text, out, t);
        } else if (dialect.family() == Dialect.MARIADB && is(text, t, "LOCK")) {
          // LOCK is none of the words the branches below look for: this branch may take it whatever follows.
          int mode = lockInShareModeEnd(text, tokens, i);
          if (mode > 0) {
            out = forShare(text, t, tokens.get(mode), out);
          }
        } else if (dialect.family() == Dialect.MARIADB && is(text, t, "INTO") && isSymbol(text, next(tokens, i), '@')
            && startsQuery(text, tokens)) {
          // INTO is none of the words the branches below look for either.
          int last = userVariablesEnd(text, tokens, i);
          if (last > 0) {
            out = blank(text, out, t.begin(), tokens.get(last).end());
          }
        } else if (dialect.family() == Dialect.MARIADB && is(text, t, "BY") && is(text, before, "GROUP")) {
          groupByDepth = depth;
        } else if (groupByDepth == depth && (is(text, t, "ASC") || is(text, t, "DESC"))) {
          out = blank(text, out, t);
        } else if (groupByDepth == depth && (is(text, t, "HAVING") || is(text, t, "ORDER") || is(text, t, "LIMIT")
            || is(text, t, "WINDOW") || is(text, t, "UNION") || is(text, t, "WITH") || is(text, t, "FOR"))) {
          groupByDepth = -1;
        }
      }
      twoBefore = before;
      before = t;
    }
    if (dialect == Dialect.H2) {
      out = h2MergeKey(text, tokens, out);
    }
    return out == null ? text : new String(out);
  }

  /** H2's {@code MERGE INTO t … KEY (…) …} read as {@code UPSERT t …}; {@code out} as it was when it is not one. */
  private static char[] h2MergeKey(String text, List<Token> tokens, char[] out) {
    List<Token> code = tokens.stream().filter(t -> !isSkipped(t)).toList();
    if (code.size() < 4 || !is(text, code.get(0), "MERGE") || !is(text, code.get(1), "INTO")) {
      return out;
    }
    int depth = 0;
    for (int i = 2; i + 1 < code.size(); i++) {
      Token t = code.get(i);
      if (isSymbol(text, t, '(')) {
        depth++;
      } else if (isSymbol(text, t, ')')) {
        depth--;
      } else if (depth == 0 && is(text, t, "USING")) {
        return out; // the standard MERGE … USING
      } else if (depth == 0 && is(text, t, "KEY") && isSymbol(text, code.get(i + 1), '(')) {
        Token close = closing(text, code, i + 1);
        if (close == null) {
          return out;
        }
        char[] o = out != null ? out : text.toCharArray();
        for (int c = code.get(0).begin(); c < code.get(1).end(); c++) {
          o[c] = ' ';
        }
        "UPSERT".getChars(0, 6, o, code.get(0).begin());
        for (int c = t.begin(); c < close.end(); c++) {
          o[c] = ' ';
        }
        return o;
      }
    }
    return out;
  }

  /** Whether the statement's first word is {@code SELECT} or {@code WITH}, or it opens with a parenthesis. */
  private static boolean startsQuery(String text, List<Token> tokens) {
    Token first = next(tokens, -1);
    return is(text, first, "SELECT") || is(text, first, "WITH") || isSymbol(text, first, '(');
  }

  /**
   * The index of the last token of {@code INTO @a, @b, …} starting at {@code tokens[into]} (each variable
   * {@code @} and a word, quoted name or string), or -1 when it is not such a list.
   */
  private static int userVariablesEnd(String text, List<Token> tokens, int into) {
    int i = into;
    while (true) {
      int at = nextIndex(tokens, i);
      int name = at < 0 ? -1 : nextIndex(tokens, at);
      if (name < 0 || !isSymbol(text, tokens.get(at), '@') || tokens.get(name).begin() != tokens.get(at).end()
          || !(tokens.get(name).kind() == Kind.WORD || tokens.get(name).kind() == Kind.QUOTED_NAME
              || tokens.get(name).kind() == Kind.STRING)) {
        return -1;
      }
      int comma = nextIndex(tokens, name);
      if (comma < 0 || !isSymbol(text, tokens.get(comma), ',')) {
        return name;
      }
      i = comma;
    }
  }

  /** The index of {@code MODE} when {@code tokens[lock]} begins {@code LOCK IN SHARE MODE}, else -1. */
  private static int lockInShareModeEnd(String text, List<Token> tokens, int lock) {
    int i = lock;
    for (String word : new String[] {"IN", "SHARE", "MODE"}) {
      i = nextIndex(tokens, i);
      if (i < 0 || !is(text, tokens.get(i), word)) {
        return -1;
      }
    }
    return i;
  }

  /** {@code LOCK IN SHARE MODE}, from {@code lock} to {@code mode}, written as {@code FOR SHARE} and blanks. */
  private static char[] forShare(String text, Token lock, Token mode, char[] out) {
    char[] o = out != null ? out : text.toCharArray();
    int from = lock.begin();
    for (int c = from; c < mode.end(); c++) {
      o[c] = ' ';
    }
    "FOR SHARE".getChars(0, 9, o, from);
    return o;
  }

  /** The parenthesis closing the one at {@code code[open]}, or {@code null}. */
  private static Token closing(String text, List<Token> code, int open) {
    int depth = 0;
    for (int i = open; i < code.size(); i++) {
      if (isSymbol(text, code.get(i), '(')) {
        depth++;
      } else if (isSymbol(text, code.get(i), ')') && --depth == 0) {
        return code.get(i);
      }
    }
    return null;
  }

  private static boolean isSkipped(Token t) {
    return t.kind() == Kind.COMMENT || t.kind() == Kind.EXECUTABLE_OPEN || t.kind() == Kind.EXECUTABLE_CLOSE;
  }

  /** The token after {@code tokens[i]} that is not a comment, or {@code null}. */
  private static Token next(List<Token> tokens, int i) {
    int j = nextIndex(tokens, i);
    return j < 0 ? null : tokens.get(j);
  }

  /** The index of the token after {@code tokens[i]} that is not a comment, or -1. */
  private static int nextIndex(List<Token> tokens, int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (!isSkipped(tokens.get(j))) {
        return j;
      }
    }
    return -1;
  }

  private static boolean isSymbol(String text, Token t, char symbol) {
    return t != null && t.kind() == Kind.SYMBOL && t.end() - t.begin() == 1 && text.charAt(t.begin()) == symbol;
  }

  private static boolean is(String text, Token t, String word) {
    return t != null && t.isWord(text, word);
  }

  private static char[] blank(String text, char[] out, Token t) {
    return blank(text, out, t.begin(), t.end());
  }

  private static char[] blank(String text, char[] out, int from, int to) {
    char[] o = out != null ? out : text.toCharArray();
    for (int i = from; i < to; i++) {
      o[i] = ' ';
    }
    return o;
  }
}
