package dev.tandem.rules;

import dev.tandem.dialect.Dialect;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The schema state of each move on one database (SPEC §7), shared by every connection to that
 * database that uses one rule file. A move whose table or columns are missing, or whose transform
 * does not run, is <em>blocked</em>: the statements that touch its table are refused with the
 * move's message, while the connection and every other statement work. An application that
 * creates its schema after connecting can therefore start.
 *
 * <ul>
 *   <li>The state is computed lazily, for the rule set in force, on a connection of the caller's,
 *       and computed again when the rules change. A blocked move is checked again, when a
 *       statement names its table, after DDL passed through Tandem ({@link #schemaChanged()}) and
 *       every {@link #recheckInterval()}. A move that fits stays in use until the rules change
 *       (reading metadata waits for the locks of a running migration, so tables that fit are
 *       not looked at again). Only metadata is read on a connection with a transaction in
 *       progress; transforms are run on it only in auto-commit mode (a failed probe would abort
 *       the transaction on PostgreSQL).
 *   <li>As a {@link RuleSetCheck} it validates a reload on a fresh connection of its own: a move
 *       that the new rules add or change and that does not fit the database rejects the reload,
 *       with the file, line, move and the database's reason. Moves the reload leaves as they were
 *       keep their state (an application still waiting for its migration can change other moves).
 *       When no fresh connection can be opened the reload is not held up; its statements are then
 *       checked lazily.
 * </ul>
 *
 * <p>Thread-safe and lock-free: readers see an immutable {@link Snapshot}.
 */
public final class SchemaState implements RuleSetCheck {
  /** How often a blocked move is checked again unless configured otherwise. */
  public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(5);
  private static final System.Logger LOG = System.getLogger(SchemaState.class.getName());

  /** Opens a fresh connection to the database, for reload checks. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  /**
   * What was found for one rule set.
   *
   * @param revision the rule set's revision
   * @param generation {@link #generation()} when it was computed
   * @param checkedAtNanos when, by {@link System#nanoTime()}
   * @param blocked the problems of the blocked moves, by move name, in file order
   */
  public record Snapshot(long revision, long generation, long checkedAtNanos, Map<String, SchemaCheck.Problem> blocked) {
    public Snapshot {
      blocked = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(blocked));
    }

    /** Whether every move may run. */
    public boolean allReady() {
      return blocked.isEmpty();
    }
  }

  private final String database;
  private final Dialect dialect;
  private final Connector connector;
  private final long recheckNanos;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Snapshot snapshot;

  /**
   * @param database what to call the database in log messages (no password)
   * @param connector opens fresh connections for reload checks; {@code null} when there is none
   */
  public SchemaState(String database, Dialect dialect, Connector connector, Duration recheckInterval) {
    this.database = Objects.requireNonNull(database, "database");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.connector = connector;
    this.recheckNanos = recheckInterval.toNanos();
  }

  public Duration recheckInterval() {
    return Duration.ofNanos(recheckNanos);
  }

  /** A number that grows whenever DDL passed through Tandem to this database. */
  public long generation() {
    return generation.get();
  }

  /** DDL passed through Tandem: every move is checked again, and cached metadata is stale. */
  public void schemaChanged() {
    generation.incrementAndGet();
  }

  /**
   * The state of {@code rules}' moves, checked again on {@code connection} when stale.
   *
   * @param idle whether {@code connection} has no work of the application in progress (one being
   *     opened), so transforms may be run on it even outside auto-commit mode
   * @throws SQLException when metadata cannot be read
   */
  public Snapshot state(RuleSet rules, Connection connection, boolean idle) throws SQLException {
    Snapshot s = snapshot;
    boolean sameRules = s != null && s.revision() == rules.revision();
    if (sameRules && (s.allReady() || (s.generation() == generation.get()
        && System.nanoTime() - s.checkedAtNanos() < recheckNanos))) {
      return s;
    }
    boolean mine = refreshing.compareAndSet(false, true);
    if (!mine && sameRules) {
      return s; // another connection is checking; its answer comes shortly
    }
    try {
      long gen = generation.get();
      boolean probe = idle || connection.getAutoCommit();
      // Rules already checked: only the blocked moves are looked at again. Reading the metadata of
      // a table waits for a migration that holds a lock on it (PostgreSQL), so the tables of moves
      // that fit are left alone; a statement on a blocked table would wait for that lock anyway.
      RuleSet checked = sameRules ? subset(rules, s.blocked().keySet()) : rules;
      Map<String, SchemaCheck.Problem> blocked = new LinkedHashMap<>();
      for (SchemaCheck.Problem p : SchemaCheck.problems(checked, connection, dialect, probe)) {
        blocked.put(p.move().name(), p);
      }
      if (!probe && sameRules) {
        // Transforms were not run this time: keep what the last run found for columns that are fine.
        s.blocked().forEach((name, p) -> {
          if (!p.schemaMissing()) {
            blocked.putIfAbsent(name, p);
          }
        });
      }
      Snapshot next = new Snapshot(rules.revision(), gen, System.nanoTime(), blocked);
      logChanges(s, next);
      snapshot = next;
      return next;
    } finally {
      if (mine) {
        refreshing.set(false);
      }
    }
  }

  /** The moves of {@code rules} named in {@code names}, as a rule set of the same file. */
  private static RuleSet subset(RuleSet rules, java.util.Set<String> names) {
    List<MoveRule> moves = new ArrayList<>();
    rules.moves().stream().filter(m -> names.contains(m.name())).forEach(moves::add);
    return new RuleSet(rules.formatVersion(), moves, rules.source(), rules.contentHash());
  }

  /** The state last computed for {@code rules}, without checking anything; {@code null} if none. */
  public Snapshot known(RuleSet rules) {
    Snapshot s = snapshot;
    return s != null && s.revision() == rules.revision() ? s : null;
  }

  /** The last state computed, or {@code null}. */
  public Snapshot last() {
    return snapshot;
  }

  private void logChanges(Snapshot before, Snapshot after) {
    for (SchemaCheck.Problem p : after.blocked().values()) {
      if (before == null || before.revision() != after.revision() || !before.blocked().containsKey(p.move().name())) {
        LOG.log(Level.WARNING, "on " + database + " the statements on " + p.move().table() + " are refused until "
            + "the schema fits: " + p.error().getMessage());
      }
    }
    if (before != null && before.revision() == after.revision()) {
      before.blocked().keySet().stream().filter(name -> !after.blocked().containsKey(name)).forEach(name ->
          LOG.log(Level.INFO, "on " + database + " move " + name + " fits the schema now; its statements run"));
    }
  }

  @Override
  public void check(RuleSet next, RuleSet current) throws RuleFileException {
    if (connector == null) {
      return;
    }
    List<SchemaCheck.Problem> problems;
    try (Connection connection = connector.open()) {
      problems = SchemaCheck.problems(next, connection, dialect, true);
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "cannot check the new rules of " + next.source() + " against " + database
          + " (" + e.getMessage() + "); its statements will be checked when they run");
      return;
    }
    List<SchemaCheck.Problem> fresh = new ArrayList<>();
    for (SchemaCheck.Problem p : problems) {
      if (!unchanged(p.move(), current.moveByKey(p.move().key()))) {
        fresh.add(p);
      }
    }
    if (fresh.isEmpty()) {
      // Likely the next rules in force: spare every connection the same check on its next statement.
      Map<String, SchemaCheck.Problem> blocked = new LinkedHashMap<>();
      problems.forEach(p -> blocked.put(p.move().name(), p));
      snapshot = new Snapshot(next.revision(), generation.get(), System.nanoTime(), blocked);
      return;
    }
    StringBuilder reason = new StringBuilder("the new rules do not fit the database " + database + ": ");
    for (int i = 0; i < fresh.size(); i++) {
      reason.append(i == 0 ? "" : "; ").append(fresh.get(i).error().getMessage());
    }
    throw new RuleFileException(next.source(), fresh.get(0).move().line(), 0, reason.toString(), fresh.get(0).error());
  }

  private static boolean unchanged(MoveRule next, MoveRule current) {
    return current != null && current.table().equals(next.table()) && current.from().equals(next.from())
        && current.to().equals(next.to()) && current.forward().equals(next.forward())
        && Objects.equals(current.backward(), next.backward()) && current.phase() == next.phase();
  }

  @Override
  public String toString() {
    return "SchemaState[" + database + "]";
  }
}
