package dev.tandem.rules;

/**
 * Told when a {@link RuleSource} replaces its rule set, for example to drop plans cached for the
 * old one. Called on the thread that made the change (the watcher thread, or the caller of
 * {@link RuleSource#reload()}), one change at a time and in order; it should return quickly. An
 * exception it throws is logged and does not stop the change or the other listeners.
 */
@FunctionalInterface
public interface RuleSetListener {
  void rulesChanged(RuleSet previous, RuleSet current);
}
