package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.SqlLexer.Kind;
import dev.tandem.rewrite.SqlLexer.Token;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * H2's data-change delta tables, {@code SELECT … FROM FINAL TABLE (INSERT …)} (also {@code NEW TABLE}
 * and {@code OLD TABLE}, over {@code INSERT}, {@code UPDATE}, {@code MERGE} or {@code DELETE}): how jOOQ
 * fetches what an insert wrote on H2 ({@code insertInto(…).returning(…)}). JSqlParser 5.3 cannot read
 * them, so the two statements are rewritten apart and spliced back:
 *
 * <ol>
 *   <li>the inner data-change statement as a statement of its own (its writes get their second column);
 *   <li>the outer query with the delta table standing for the written table itself, which is what its
 *       rows are (the table's columns, after or before the change): reads of moved columns through it
 *       are rewritten as reads of the table ({@code email} in contract is computed from
 *       {@code email_address}, which the rewritten insert wrote).
 * </ol>
 *
 * <p>Refused (the caller names the move): more than one delta table, markers outside the inner
 * statement (jOOQ puts none there), an inner statement that does not parse or is no data change.
 */
final class DeltaTables {
  /** Stands after the table's name in the outer query while it is rewritten, to find the place again. */
  private static final String PLACE = " /*tandem:delta-table*/";

  private DeltaTables() {}

  /** The plan of {@code sql} when it has a delta table, else {@code null} (the caller goes on as usual). */
  static RewritePlan rewrite(SqlRewriter rewriter, SqlParser parser, String sql, RuleSet rules, Dialect dialect,
      TableColumns columns, SqlLexer lexer, MoveRule named) throws SQLException {
    if (!TableMention.namesWord(sql, "table")) {
      return null; // the cheap test: no delta table without the word
    }
    int[] span = span(sql, lexer, named);
    if (span == null) {
      return null;
    }
    String inner = sql.substring(span[1] + 1, span[2]);
    Table target = targetOf(parser, inner, dialect, named);
    String prefix = sql.substring(0, span[0]);
    String suffix = sql.substring(span[2] + 1);
    if (hasMarker(lexer, prefix) || hasMarker(lexer, suffix)) {
      throw refuse(named, "the query around its data-change delta table has parameter markers, which Tandem does "
          + "not number apart from the data change's");
    }
    if (sql.contains(PLACE.trim())) {
      throw refuse(named, "it contains Tandem's own placeholder comment");
    }
    String place = target.getFullyQualifiedName() + PLACE;
    RewritePlan outer = rewriter.rewrite(prefix + place + suffix, rules, dialect, columns);
    RewritePlan change = rewriter.rewrite(inner, rules, dialect, columns);
    int at = outer.sql().indexOf(place);
    if (at < 0 || outer.parameters().statementCount() > 0) {
      throw refuse(named, "the rewrite of the query around its data-change delta table moved the table");
    }
    // Its kind is the data change's (a write that returns rows), unless that names no moved table.
    StatementKind kind = change.kind() == StatementKind.UNPARSED ? outer.kind() : change.kind();
    if (!outer.isRewritten() && !change.isRewritten()) {
      return RewritePlan.passThrough(sql, kind);
    }
    String spliced = outer.sql().substring(0, at) + sql.substring(span[0], span[1] + 1) + change.sql() + ")"
        + outer.sql().substring(at + place.length());
    Set<String> applied = new LinkedHashSet<>();
    for (MoveRule move : rules.moves()) {
      if (outer.movesApplied().contains(move.name()) || change.movesApplied().contains(move.name())) {
        applied.add(move.name());
      }
    }
    return new RewritePlan(sql, spliced, change.parameters(), kind, new ArrayList<>(applied),
        outer.expandedFromMetadata() || change.expandedFromMetadata(), outer.resultTypes());
  }

  /**
   * Where the delta table is: the offsets of its first word, its opening and its closing parenthesis;
   * {@code null} when there is none.
   */
  private static int[] span(String sql, SqlLexer lexer, MoveRule named) throws RewriteRefusedException {
    List<Token> tokens = meaningful(lexer.tokens(sql));
    int[] span = null;
    for (int i = 0; i + 2 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if ((t.isWord(sql, "final") || t.isWord(sql, "new") || t.isWord(sql, "old"))
          && tokens.get(i + 1).isWord(sql, "table") && isSymbol(sql, tokens.get(i + 2), '(')
          && (i == 0 || tokens.get(i - 1).isWord(sql, "from") || isSymbol(sql, tokens.get(i - 1), ','))) {
        if (span != null) {
          throw refuse(named, "the statement has more than one data-change delta table");
        }
        int close = closing(sql, tokens, i + 2);
        if (close < 0) {
          throw refuse(named, "its data-change delta table has no closing parenthesis");
        }
        span = new int[] {t.begin(), tokens.get(i + 2).begin(), tokens.get(close).begin()};
      }
    }
    return span;
  }

  /** The data change inside {@code sql}'s delta table, or {@code null} when it has none (tests parse the rewrite's parts). */
  static String[] parts(String sql, Dialect dialect) throws RewriteRefusedException {
    int[] span = span(sql, SqlLexer.of(dialect), null);
    return span == null ? null : new String[] {sql.substring(0, span[0]) + "t" + sql.substring(span[2] + 1),
        sql.substring(span[1] + 1, span[2])};
  }

  private static Table targetOf(SqlParser parser, String inner, Dialect dialect, MoveRule named)
      throws RewriteRefusedException {
    Statement statement;
    try {
      statement = parser.parse(inner, dialect).statement();
    } catch (SqlParser.ParseFailure e) {
      throw refuse(named, "the data change inside its delta table cannot be parsed: " + e.getMessage());
    }
    Table table = statement instanceof Insert i ? i.getTable()
        : statement instanceof Update u ? u.getTable()
        : statement instanceof Merge m ? m.getTable()
        : statement instanceof Upsert u ? u.getTable()
        : statement instanceof Delete d ? d.getTable() : null;
    if (table == null || table.getName() == null) {
      throw refuse(named, "its delta table holds no INSERT, UPDATE, MERGE or DELETE of one table");
    }
    return table;
  }

  private static List<Token> meaningful(List<Token> tokens) {
    List<Token> out = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      if (t.kind() != Kind.COMMENT) {
        out.add(t);
      }
    }
    return out;
  }

  /** The index of the token closing the parenthesis opened at {@code open}, or -1. */
  private static int closing(String sql, List<Token> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (isSymbol(sql, tokens.get(i), '(')) {
        depth++;
      } else if (isSymbol(sql, tokens.get(i), ')') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSymbol(String sql, Token t, char c) {
    return t.kind() == Kind.SYMBOL && t.end() - t.begin() == 1 && sql.charAt(t.begin()) == c;
  }

  private static boolean hasMarker(SqlLexer lexer, String text) {
    for (Token t : lexer.tokens(text)) {
      if (t.kind() == Kind.MARKER) {
        return true;
      }
    }
    return false;
  }

  private static RewriteRefusedException refuse(MoveRule named, String why) {
    if (named == null) {
      return new RewriteRefusedException(null, why);
    }
    return new RewriteRefusedException(named.name(), "the statement names table " + named.table() + ", and " + why);
  }
}
