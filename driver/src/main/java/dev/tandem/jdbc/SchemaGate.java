package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;

import dev.tandem.rewrite.StatementText;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.SchemaCheck;
import dev.tandem.rules.SchemaState;
import dev.tandem.rules.SchemaStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;

/**
 * A connection's door to the per-move schema state (SPEC §7). Before each statement is planned it
 *
 * <ul>
 *   <li>notices DDL (by its first word, {@link StatementText#isDdl}), which is never refused: the
 *       shared {@link SchemaState} is told before the statement and once more when the connection
 *       next plans a statement (by then the DDL has run), so every connection to the database
 *       re-checks its blocked moves and re-reads table metadata;
 *   <li>refuses, with SQLState 0A000 and the move's message (file, line, what to run), a statement
 *       that names the table of a move the schema does not fit. The table is found by a whole-word
 *       search of its name, so a statement that merely mentions it (in a string) is refused too:
 *       erring that way never writes one column without the other.
 * </ul>
 *
 * <p>With every move ready, a statement costs a volatile read and a glance at its first word.
 * One per connection; not thread-safe, like the connection.
 */
final class SchemaGate {
  /** The SQLState of every statement Tandem refuses, so that one handler catches them all. */
  static final String REFUSED = "0A000";

  private final SchemaState state;
  private final SchemaStates owner;
  private final Connection vendor;
  private final Supplier<RuleSet> rules;
  private final boolean check;
  private final MetadataTableColumns columns;
  private boolean ddlRunning;
  /** The connection's dialect, sql_mode variant included: DDL is found by the database's lexing. */
  private final Dialect dialect;

  /**
   * @param state the database's shared state
   * @param owner where to give the state back on close
   * @param check whether blocked moves refuse statements ({@code tandem.schemaCheck})
   */
  SchemaGate(SchemaState state, SchemaStates owner, Connection vendor, Supplier<RuleSet> rules, boolean check,
      MetadataTableColumns columns, Dialect dialect) {
    this.dialect = dialect;
    this.state = state;
    this.owner = owner;
    this.vendor = vendor;
    this.rules = rules;
    this.check = check;
    this.columns = columns;
  }

  /** Checks {@code sql} before it is planned. */
  void before(String sql) throws SQLException {
    if (ddlRunning) {
      ddlRunning = false;
      schemaChanged();
    }
    if (StatementText.isDdl(sql, dialect)) {
      ddlRunning = true;
      schemaChanged();
      return;
    }
    if (!check) {
      return;
    }
    RuleSet ruleSet = rules.get();
    SchemaState.Snapshot known = state.known(ruleSet);
    if (known != null && (known.allReady() || blockedTable(known, sql) == null)) {
      return;
    }
    SchemaCheck.Problem problem = blockedTable(state.state(ruleSet, vendor, false), sql);
    if (problem != null) {
      throw new SQLFeatureNotSupportedException("Tandem refuses this statement until the schema fits the rules: "
          + problem.error().getMessage() + " (checked again after DDL through Tandem and every "
          + state.recheckInterval().toMillis() + " ms)", REFUSED);
    }
  }

  /** The problem of a blocked move whose table {@code sql} names, or {@code null}. */
  private static SchemaCheck.Problem blockedTable(SchemaState.Snapshot snapshot, String sql) {
    for (SchemaCheck.Problem problem : snapshot.blocked().values()) {
      if (namesWord(sql, problem.move().table().table().name())) {
        return problem;
      }
    }
    return null;
  }

  private void schemaChanged() {
    state.schemaChanged();
    columns.invalidate();
  }

  /** The connection closes: a DDL statement it ran last has run by now. */
  void close() {
    if (ddlRunning) {
      ddlRunning = false;
      state.schemaChanged();
    }
    owner.release(state);
  }

  /** Whether {@code word} occurs in {@code text} case-insensitively and not as part of a longer name. */
  static boolean namesWord(String text, String word) {
    int n = word.length();
    for (int i = 0; i + n <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, n) && !namePart(text, i - 1) && !namePart(text, i + n)) {
        return true;
      }
    }
    return false;
  }

  private static boolean namePart(String text, int at) {
    if (at < 0 || at >= text.length()) {
      return false;
    }
    char c = text.charAt(at);
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
