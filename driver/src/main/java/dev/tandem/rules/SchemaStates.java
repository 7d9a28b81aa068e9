package dev.tandem.rules;

import dev.tandem.dialect.Dialect;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link SchemaState}s of one rule source ({@link LiveRules}), one per database its connections reach,
 * shared by those connections and reference-counted: the last connection to a database releases
 * its state, which then stops checking reloads.
 */
public final class SchemaStates {
  private final LiveRules source;
  private final Map<String, Entry> states = new HashMap<>();

  private static final class Entry {
    final SchemaState state;
    int users;

    Entry(SchemaState state) {
      this.state = state;
    }
  }

  /** The states of {@code source}'s databases; each one becomes a check of {@code source}'s new rule sets. */
  public SchemaStates(LiveRules source) {
    this.source = source;
  }

  /**
   * The state for the database {@code key} names, made on first use.
   *
   * @param key what identifies the database: its URL without secrets, the user and the schema
   * @param connector opens fresh connections for reload checks, or {@code null}
   */
  public synchronized SchemaState acquire(String key, Dialect dialect, SchemaState.Connector connector,
      Duration recheckInterval) {
    Entry entry = states.get(key);
    if (entry == null) {
      entry = new Entry(new SchemaState(key, dialect, connector, recheckInterval));
      states.put(key, entry);
      source.addCheck(entry.state);
    }
    entry.users++;
    return entry.state;
  }

  /** Gives back a state {@link #acquire} handed out. */
  public synchronized void release(SchemaState state) {
    states.entrySet().removeIf(e -> {
      if (e.getValue().state != state || --e.getValue().users > 0) {
        return false;
      }
      source.removeCheck(state);
      return true;
    });
  }

  /**
   * The moves the schema blocks on some database this source's connections reach, by move name,
   * with the reason, as last checked (a database not checked yet is not in it).
   */
  public synchronized java.util.Map<String, String> blockedMoves() {
    java.util.Map<String, String> blocked = new java.util.TreeMap<>();
    for (Entry entry : states.values()) {
      SchemaState.Snapshot last = entry.state.last();
      if (last != null) {
        last.blocked().forEach((move, problem) -> blocked.putIfAbsent(move,
            problem.error() == null ? "blocked" : problem.error().getMessage()));
      }
    }
    return blocked;
  }
}
