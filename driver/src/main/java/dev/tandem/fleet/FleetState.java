package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of a fleet, as the operator tools need it: the newest revision and the one before it, every
 * registered instance, the revision each live one applies (loaded and validated), and the database's clock,
 * all read over one connection. From it: whether the fleet has converged on the newest revision, and what
 * each move of that revision waits for ({@link FleetPhases#decide} from the newest revision's side).
 */
public final class FleetState {
  private final RuleRevision newest;
  private final RuleSet newestRules;
  private final RuleSet previousRules;
  private final List<InstanceRecord> instances;
  private final List<InstanceRecord> live;
  private final List<RuleSet> liveRules;
  private final List<InstanceRecord> lagging;
  private final Instant now;

  private FleetState(RuleRevision newest, RuleSet newestRules, RuleSet previousRules, List<InstanceRecord> instances,
      List<InstanceRecord> live, List<RuleSet> liveRules, List<InstanceRecord> lagging, Instant now) {
    this.newest = newest;
    this.newestRules = newestRules;
    this.previousRules = previousRules;
    this.instances = List.copyOf(instances);
    this.live = List.copyOf(live);
    this.liveRules = List.copyOf(liveRules);
    this.lagging = List.copyOf(lagging);
    this.now = now;
  }

  /**
   * Reads the fleet.
   *
   * @param ruleSource only instances of this rule source count, or {@code null} for every instance
   * @throws RuleFileException when the newest revision, the one before it or one a live instance applies does not load
   */
  public static FleetState read(Connection connection, Dialect dialect, String ruleSource)
      throws SQLException, RuleFileException {
    Objects.requireNonNull(connection, "connection");
    DatabaseRuleStore store = new DatabaseRuleStore(connection, dialect);
    RuleRevision newest = store.latest();
    RuleSet newestRules = newest == null ? RuleSet.empty() : DatabaseRuleStore.load(newest);
    RuleRevision before = newest == null ? null : store.before(newest.revision());
    RuleSet previousRules = before == null ? RuleSet.empty() : DatabaseRuleStore.load(before);
    List<InstanceRecord> all = new ArrayList<>();
    List<InstanceRecord> live = new ArrayList<>();
    List<RuleSet> liveRules = new ArrayList<>();
    List<InstanceRecord> lagging = new ArrayList<>();
    Map<String, RuleSet> loaded = new HashMap<>();
    for (InstanceRecord i : new FleetView(connection, dialect).instances()) {
      if (ruleSource != null && !ruleSource.equals(i.ruleSource())) {
        continue;
      }
      all.add(i);
      if (!i.live()) {
        continue;
      }
      live.add(i);
      if (newest == null || !newest.label().equals(i.revision())) {
        lagging.add(i);
      }
      RuleSet rules = loaded.containsKey(i.revision()) ? loaded.get(i.revision()) : load(store, i.revision());
      loaded.put(i.revision(), rules);
      // An instance whose revision cannot be read (not stored, not a number) may have no moves at all: the
      // most careful assumption, the one that keeps every move at its widest.
      liveRules.add(rules == null ? RuleSet.empty() : rules);
    }
    return new FleetState(newest, newestRules, previousRules, all, live, liveRules, lagging, databaseNow(connection,
        dialect));
  }

  /** The rules of a revision label, or {@code null} when the label names no stored revision. */
  private static RuleSet load(DatabaseRuleStore store, String label) throws SQLException, RuleFileException {
    long number;
    try {
      number = Long.parseLong(label == null ? "" : label.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    RuleRevision revision = store.revision(number);
    return revision == null ? null : DatabaseRuleStore.load(revision);
  }

  /** The database's clock, which leases are measured on. */
  public static Instant databaseNow(Connection connection, Dialect dialect) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT " + FleetTables.now(dialect));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** The newest published revision, or {@code null}. */
  public RuleRevision newest() {
    return newest;
  }

  /** The rules of the newest revision ({@link RuleSet#empty()} when none is published). */
  public RuleSet newestRules() {
    return newestRules;
  }

  /** The rules of the revision before the newest ({@link RuleSet#empty()} when there is none). */
  public RuleSet previousRules() {
    return previousRules;
  }

  /** Every registered instance counted, live or not. */
  public List<InstanceRecord> instances() {
    return instances;
  }

  /** The instances whose lease holds. */
  public List<InstanceRecord> live() {
    return live;
  }

  /** The live instances that do not apply the newest revision. */
  public List<InstanceRecord> lagging() {
    return lagging;
  }

  /** When this was read, by the database's clock. */
  public Instant now() {
    return now;
  }

  /** How long ago {@code instance} last renewed its lease, by the database's clock. */
  public Duration leaseAge(InstanceRecord instance) {
    return instance.heartbeatAt() == null ? null : Duration.between(instance.heartbeatAt(), now);
  }

  /** Whether every live instance applies the newest revision (trivially so when none is live). */
  public boolean converged() {
    return newest != null && lagging.isEmpty();
  }

  /** Whether every live instance renewed its lease after {@code moment} (so it has read the registry since). */
  public boolean renewedSince(Instant moment) {
    for (InstanceRecord i : live) {
      if (i.heartbeatAt() == null || !i.heartbeatAt().isAfter(moment)) {
        return false;
      }
    }
    return true;
  }

  /** What each move of the newest revision waits for, given the revisions the live instances apply. */
  public List<FleetPhases.Decision> decisions() {
    return FleetPhases.decide(newestRules, previousRules, liveRules);
  }
}
