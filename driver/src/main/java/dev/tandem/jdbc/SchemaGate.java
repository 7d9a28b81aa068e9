package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;

import dev.tandem.rewrite.StatementText;
import dev.tandem.rewrite.TableMention;
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

  /**
   * The problem of a blocked move whose table {@code sql} may name, or {@code null}: for a move on a
   * schema-qualified table, only where the text names the schema or the connection's current schema
   * finds the table there ({@link TableMention}), so one tenant's blocked move does not refuse another's.
   */
  private SchemaCheck.Problem blockedTable(SchemaState.Snapshot snapshot, String sql) throws SQLException {
    for (SchemaCheck.Problem problem : snapshot.blocked().values()) {
      if (TableMention.mayName(sql, problem.move(), columns, dialect.family())) {
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
    return TableMention.namesWord(text, word);
  }
}
