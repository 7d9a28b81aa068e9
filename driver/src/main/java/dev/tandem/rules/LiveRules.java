package dev.tandem.rules;

/**
 * The rules in force for a set of connections, which may change while they run: a rule file's
 * ({@link RuleSource}) or a rule table's ({@code dev.tandem.fleet.TableRuleSource}). What a
 * connection needs of either: the rules to plan with, a word when they change, the checks a new rule
 * set must pass, the databases' schema states and the counts for metrics.
 */
public interface LiveRules {
  /** The rule set in force; a volatile read, cheap enough for every statement. */
  RuleSet current();

  /** The revision of the rule set in force (see {@link RuleSet#revision()}). */
  default long revision() {
    return current().revision();
  }

  /** Where the rules come from, as messages and metrics name it: a path, or {@code table:tandem_rules}. */
  String name();

  /** The checks, listeners and reload counts of these rules. */
  RuleSetSubscribers subscribers();

  /** How many changed rule sets were put in force after the first. */
  default long reloadsOk() {
    return subscribers().reloadsOk();
  }

  /** How many changed rule sets (or failed reads) were rejected. */
  default long reloadsFailed() {
    return subscribers().reloadsFailed();
  }

  default void addListener(RuleSetListener listener) {
    subscribers().addListener(listener);
  }

  default void removeListener(RuleSetListener listener) {
    subscribers().removeListener(listener);
  }

  /** Adds a check every new rule set must pass before it replaces the one in force. */
  default void addCheck(RuleSetCheck check) {
    subscribers().addCheck(check);
  }

  default void removeCheck(RuleSetCheck check) {
    subscribers().removeCheck(check);
  }

  /** The schema states of the databases these rules run on. */
  SchemaStates schemaStates();
}
