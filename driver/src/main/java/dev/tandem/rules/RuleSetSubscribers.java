package dev.tandem.rules;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every source of live rules keeps for the connections that use it, whether it reads a file or a table:
 * the checks a new rule set must pass, the listeners told when one is put in force, and the counts of
 * accepted and rejected reloads. Thread-safe.
 */
public final class RuleSetSubscribers {
  private static final System.Logger LOG = System.getLogger(RuleSetSubscribers.class.getName());

  private final List<RuleSetListener> listeners = new CopyOnWriteArrayList<>();
  private final List<RuleSetCheck> checks = new CopyOnWriteArrayList<>();
  private final AtomicLong reloadsOk = new AtomicLong();
  private final AtomicLong reloadsFailed = new AtomicLong();

  public void addListener(RuleSetListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(RuleSetListener listener) {
    listeners.remove(listener);
  }

  public void addCheck(RuleSetCheck check) {
    checks.add(Objects.requireNonNull(check, "check"));
  }

  public void removeCheck(RuleSetCheck check) {
    checks.remove(check);
  }

  /** Runs every check on {@code next}, which would replace {@code current}; the first that refuses throws. */
  public void check(RuleSet next, RuleSet current) throws RuleFileException {
    for (RuleSetCheck check : checks) {
      check.check(next, current);
    }
  }

  /** Tells every listener that {@code next} replaced {@code previous}; a listener that fails is logged, not thrown. */
  public void announce(RuleSet previous, RuleSet next) {
    for (RuleSetListener listener : listeners) {
      try {
        listener.rulesChanged(previous, next);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "a rule set listener failed on " + next, e);
      }
    }
  }

  /** Counts a changed rule set put in force. */
  public void reloadAccepted() {
    reloadsOk.incrementAndGet();
  }

  /** Counts a changed rule set (or a failed read) rejected. */
  public void reloadRejected() {
    reloadsFailed.incrementAndGet();
  }

  public long reloadsOk() {
    return reloadsOk.get();
  }

  public long reloadsFailed() {
    return reloadsFailed.get();
  }
}
