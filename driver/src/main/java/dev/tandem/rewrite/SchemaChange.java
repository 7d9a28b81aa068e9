package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * What a statement does to the connection's current schema (SPEC §3), told from its text as the
 * database's lexer reads it ({@link SqlLexer}: a keyword in a string or a comment is not one):
 *
 * <ul>
 *   <li>{@link Kind#CHANGES}: {@code SET search_path}, {@code SET SESSION|LOCAL search_path},
 *       {@code SET SCHEMA}, {@code RESET search_path}, {@code RESET ALL}, {@code DISCARD ALL},
 *       {@code USE}, {@code SET ROLE}, {@code SET SESSION AUTHORIZATION} and their {@code RESET}s
 *       (PostgreSQL's {@code "$user"} on the path is the role's schema), or any call of
 *       {@code set_config(…)} (whatever setting it names: erring that way costs one look at the server);
 *   <li>{@link Kind#SETS_H2_SEARCH_PATH}: H2's {@code SET SCHEMA_SEARCH_PATH a, b}, which H2 does
 *       not report back, so its schemas are read from the statement ({@link #h2SearchPath()});
 *   <li>{@link Kind#ENDS_TRANSACTION} and {@link Kind#ROLLS_BACK_TO_SAVEPOINT}: {@code COMMIT},
 *       {@code END}, {@code ROLLBACK}, {@code ABORT}, {@code ROLLBACK TO}: on PostgreSQL a
 *       {@code SET} is undone by a rollback and a {@code SET LOCAL} ends with the transaction.
 * </ul>
 *
 * A text with a change followed by more statements ({@code SET search_path TO b; UPDATE …}) is
 * {@link #midway()}: the statements after the change run in a schema Tandem could not plan for.
 *
 * <p>Most statements contain none of the words that can start such a change; those are answered by
 * one scan of the characters that allocates nothing, before any lexing.
 */
public record SchemaChange(Kind kind, boolean midway, List<String> h2SearchPath) {
  /** What a statement does to the current schema. */
  public enum Kind { NONE, CHANGES, SETS_H2_SEARCH_PATH, ENDS_TRANSACTION, ROLLS_BACK_TO_SAVEPOINT }

  /** A statement that leaves the current schema alone. */
  public static final SchemaChange NONE = new SchemaChange(Kind.NONE, false, List.of());

  /** The words that can start a change; a statement without any of them is {@link #NONE}. */
  private static final String[] TRIGGERS =
      {"search_path", "set_config", "schema", "schema_search_path", "use", "reset", "discard", "commit", "rollback",
          "end", "abort", "role", "authorization"};

  /** What {@code sql} does to the current schema on a {@code dialect} database. */
  public static SchemaChange of(String sql, Dialect dialect) {
    if (sql == null || !mayChange(sql)) {
      return NONE;
    }
    return read(sql, SqlLexer.of(dialect).tokens(sql));
  }

  private static SchemaChange read(String sql, List<SqlLexer.Token> tokens) {
    Kind kind = Kind.NONE;
    boolean midway = false;
    List<String> h2Path = List.of();
    boolean atStart = true;
    for (int i = 0; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (t.kind() == SqlLexer.Kind.COMMENT || t.kind() == SqlLexer.Kind.EXECUTABLE_OPEN
          || t.kind() == SqlLexer.Kind.EXECUTABLE_CLOSE) {
        continue;
      }
      if (t.kind() == SqlLexer.Kind.SYMBOL && sql.charAt(t.begin()) == ';') {
        atStart = true;
        continue;
      }
      if (atStart && changes(kind)) {
        midway = true; // another statement follows the change in the same text
      }
      if (t.isWord(sql, "set_config") && i + 1 < tokens.size() && sql.charAt(tokens.get(i + 1).begin()) == '(') {
        kind = stronger(kind, Kind.CHANGES);
      }
      if (atStart) {
        atStart = false;
        Kind first = firstWord(sql, tokens, i);
        if (first == Kind.SETS_H2_SEARCH_PATH) {
          h2Path = h2Names(sql, tokens, i);
        }
        kind = stronger(kind, first);
      }
    }
    return kind == Kind.NONE ? NONE : new SchemaChange(kind, midway, h2Path);
  }

  private static boolean changes(Kind kind) {
    return kind == Kind.CHANGES || kind == Kind.SETS_H2_SEARCH_PATH;
  }

  /** A change of the schema outranks the end of a transaction (a re-read covers both). */
  private static Kind stronger(Kind a, Kind b) {
    return changes(a) ? a : changes(b) || a == Kind.NONE ? b : a;
  }

  /** What the statement whose first word is {@code tokens[i]} does. */
  private static Kind firstWord(String sql, List<SqlLexer.Token> tokens, int i) {
    SqlLexer.Token t = tokens.get(i);
    if (t.isWord(sql, "use")) {
      return Kind.CHANGES;
    }
    if (t.isWord(sql, "commit") || t.isWord(sql, "end") || t.isWord(sql, "abort")) {
      return Kind.ENDS_TRANSACTION;
    }
    if (t.isWord(sql, "rollback")) {
      return nextWord(sql, tokens, i, "to") ? Kind.ROLLS_BACK_TO_SAVEPOINT : Kind.ENDS_TRANSACTION;
    }
    if (t.isWord(sql, "discard") || t.isWord(sql, "reset")) {
      return nextWord(sql, tokens, i, "all") || nextWord(sql, tokens, i, "search_path")
          || nextWord(sql, tokens, i, "schema") || nextWord(sql, tokens, i, "role")
          || nextWord(sql, tokens, i, "session") ? Kind.CHANGES : Kind.NONE;
    }
    if (!t.isWord(sql, "set")) {
      return Kind.NONE;
    }
    int at = i + 1;
    if (at < tokens.size() && (tokens.get(at).isWord(sql, "session") || tokens.get(at).isWord(sql, "local"))) {
      at++;
    }
    if (at >= tokens.size()) {
      return Kind.NONE;
    }
    SqlLexer.Token setting = tokens.get(at);
    if (setting.isWord(sql, "schema_search_path")) {
      return Kind.SETS_H2_SEARCH_PATH;
    }
    return setting.isWord(sql, "search_path") || setting.isWord(sql, "schema") || setting.isWord(sql, "role")
        || setting.isWord(sql, "authorization")
        || (setting.kind() == SqlLexer.Kind.QUOTED_NAME && "search_path".equals(setting.name()))
        ? Kind.CHANGES : Kind.NONE;
  }

  private static boolean nextWord(String sql, List<SqlLexer.Token> tokens, int i, String word) {
    return i + 1 < tokens.size() && tokens.get(i + 1).isWord(sql, word);
  }

  /** The schemas of {@code SET SCHEMA_SEARCH_PATH a, "B"} starting at {@code tokens[i]}, as H2 stores them. */
  private static List<String> h2Names(String sql, List<SqlLexer.Token> tokens, int i) {
    List<String> names = new ArrayList<>();
    for (int at = i + 2; at < tokens.size(); at++) {
      SqlLexer.Token t = tokens.get(at);
      if (t.kind() == SqlLexer.Kind.WORD) {
        names.add(Dialect.H2.canonical(t.text(sql), false));
      } else if (t.kind() == SqlLexer.Kind.QUOTED_NAME && t.name() != null) {
        names.add(t.name());
      } else if (t.kind() != SqlLexer.Kind.SYMBOL || sql.charAt(t.begin()) != ',') {
        break;
      }
    }
    return List.copyOf(names);
  }

  /**
   * Whether some word of {@code sql} is one of {@link #TRIGGERS}, ignoring case: one pass, no
   * allocation. A trigger inside a longer word ({@code users}, {@code spend}) is no hit.
   */
  static boolean mayChange(String sql) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      if (!isWordChar(sql.charAt(i))) {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && isWordChar(sql.charAt(end))) {
        end++;
      }
      // Only a word of a trigger's length and first letter is compared: most words are neither.
      char first = Character.toLowerCase(sql.charAt(i));
      for (String trigger : TRIGGERS) {
        if (trigger.length() == end - i && trigger.charAt(0) == first
            && sql.regionMatches(true, i, trigger, 0, trigger.length())) {
          return true;
        }
      }
      i = end;
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
        || (c >= 128 && Character.isLetterOrDigit(c));
  }
}
