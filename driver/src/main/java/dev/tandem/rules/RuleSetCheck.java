package dev.tandem.rules;

/**
 * A check of a new rule set against something outside its file, run by a {@link RuleSource}
 * before the rule set replaces the one in force: the database the rules will run on
 * ({@link SchemaState}). Called with no lock held, on the thread that reloads.
 */
@FunctionalInterface
public interface RuleSetCheck {
  /**
   * @param next the rule set read from the file
   * @param current the rule set in force
   * @throws RuleFileException why {@code next} may not replace {@code current}, naming the file and line
   */
  void check(RuleSet next, RuleSet current) throws RuleFileException;
}
