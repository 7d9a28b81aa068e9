package dev.tandem;

import dev.tandem.fleet.InstanceRecord;
import dev.tandem.fleet.InstanceRegistry;
import dev.tandem.fleet.TableRuleSource;
import dev.tandem.jdbc.ConnectionFactory;
import dev.tandem.jdbc.TandemConfig;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.LiveRules;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.RuleSource;
import dev.tandem.rules.TableRename;
import dev.tandem.rules.RuleSourceRegistry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Tandem applies at one moment, for health checks, dashboards and operator endpoints: the rule
 * source and its revision, each move and its phase, how reloads went, which moves the schema blocks,
 * and the JVM-wide plan cache. A snapshot: it does not change after it is taken.
 *
 * @param rules the rule location as configured, or {@code null} when no rules are configured
 *     (Tandem passes every statement through)
 * @param loaded whether a valid rule set is in use; {@code false} when the source could not be
 *     opened ({@link #error} says why)
 * @param revision the revision of the rule set in use (unique in this JVM, increasing), 0 when none
 * @param moves the moves of the rule set in use, in rule-file order
 * @param reloadsOk reloads that replaced the rule set
 * @param reloadsRejected reloads refused (an invalid or unsafe edit); the previous rule set stayed in use
 * @param error the last refused reload's or the failed open's message, or {@code null}
 * @param blocked moves whose statements are refused because the schema does not fit them, by move
 *     name, with the reason (only databases that connections have reached are known)
 * @param planCache the plan cache's figures
 * @param fleet this instance in its fleet when the rules are read from a table ({@code tandem.rules=table:…}),
 *     else {@code null}
 * @param renames the table renames of the rule set in use, in rule-file order
 */
public record TandemStatus(String rules, boolean loaded, long revision, List<Move> moves, long reloadsOk,
    long reloadsRejected, String error, Map<String, String> blocked, PlanCache planCache, Fleet fleet,
    List<Rename> renames) {

  /**
   * One table rename as the rule set in use gives it.
   *
   * @param name the rename's name
   * @param table the old name, schema-qualified when the rule file qualifies it
   * @param renameTo the new name
   * @param phase {@code expand} or {@code contract}
   */
  public record Rename(String name, String table, String renameTo, String phase) {}

  /**
   * This instance in the fleet whose rules it reads from a table.
   *
   * @param instanceId this instance's id in the registry
   * @param appVersion the application version it reports ({@code tandem.appVersion}), or {@code null}
   * @param appliedRevision the revision of the rule table this instance applies
   * @param leaseLive whether its lease holds: while it does not, statements on moved tables are refused
   * @param leaseUntil when its lease lapses unless renewed, {@code null} before its first renewal
   * @param instances the registry as this instance last read it, itself included
   */
  public record Fleet(String instanceId, String appVersion, String appliedRevision, boolean leaseLive,
      Instant leaseUntil, List<Instance> instances) {
    public Fleet {
      instances = List.copyOf(instances);
    }
  }

  /**
   * One instance of the fleet as the registry lists it.
   *
   * @param live whether its lease held when the registry was read
   */
  public record Instance(String instanceId, String host, long pid, String appVersion, String revision,
      Instant heartbeatAt, boolean live) {}

  /**
   * One move as the rule set in use gives it.
   *
   * @param name the move's name
   * @param table the table, schema-qualified when the rule file qualifies it
   * @param from the old column
   * @param to the new column
   * @param phase the phase as the rule file spells it ({@code expand}, {@code migrated}, {@code contract})
   */
  public record Move(String name, String table, String from, String to, String phase) {}

  /**
   * The JVM-wide plan cache.
   *
   * @param size plans held
   * @param hits lookups that found a plan
   * @param misses lookups that planned anew
   * @param evictions plans dropped for the size bound
   */
  public record PlanCache(long size, long hits, long misses, long evictions) {}

  public TandemStatus {
    moves = List.copyOf(moves);
    renames = List.copyOf(renames);
    blocked = Map.copyOf(blocked);
  }

  /**
   * Whether the status is healthy: rules loaded (or none configured), no reload rejected since, no move
   * blocked, and in a fleet, the lease held.
   */
  public boolean healthy() {
    return (rules == null || loaded) && error == null && blocked.isEmpty() && (fleet == null || fleet.leaseLive());
  }

  /** The status of {@code rules}, held open by whoever asks, read from {@code location}. */
  static TandemStatus of(String location, LiveRules rules) {
    RuleSet inForce = rules.current(); // once: a reload between two reads would mix two rule sets in one snapshot
    List<Move> moves = new ArrayList<>();
    for (MoveRule move : inForce.moves()) {
      moves.add(new Move(move.name(), move.table().toString(), move.from().name(), move.to().name(),
          move.phase().yamlName()));
    }
    String error = null;
    Fleet fleet = null;
    if (rules instanceof RuleSource file) {
      RuleFileException last = file.lastError();
      error = last == null ? null : last.getMessage();
    } else if (rules instanceof TableRuleSource table) {
      fleet = fleetOf(table);
    }
    List<Rename> renames = new ArrayList<>();
    for (TableRename rename : inForce.renames()) {
      renames.add(new Rename(rename.name(), rename.table().toString(), rename.renameTo().toString(),
          rename.phase().yamlName()));
    }
    return new TandemStatus(location, true, inForce.revision(), moves, rules.reloadsOk(), rules.reloadsFailed(), error,
        rules.schemaStates().blockedMoves(), currentPlanCache(), fleet, renames);
  }

  private static Fleet fleetOf(TableRuleSource table) {
    List<Instance> instances = new ArrayList<>();
    for (InstanceRecord r : table.fleet()) {
      instances.add(new Instance(r.instanceId(), r.host(), r.pid(), r.appVersion(), r.revision(), r.heartbeatAt(),
          r.live()));
    }
    InstanceRegistry.Identity self = table.registry().identity();
    return new Fleet(self.instanceId(), self.appVersion(), table.applied().label(), table.leaseLive(),
        table.registry().leaseEnds(), instances);
  }

  /** The status of the rules {@code config} names. */
  static TandemStatus of(TandemConfig config) throws SQLException {
    PlanCache cache = currentPlanCache();
    String location = config.rules();
    if (location == null) {
      return new TandemStatus(null, false, 0, List.of(), 0, 0, null, Map.of(), cache, null, List.of());
    }
    if (TableRuleSource.namesTable(location)) {
      return new TandemStatus(location, false, 0, List.of(), 0, 0,
          "no connection has been opened yet: rules in a table are read when the first one is", Map.of(), cache,
          null, List.of());
    }
    try (RuleSourceRegistry.Lease lease = RuleSourceRegistry.shared().acquire(location, config.reloadInterval())) {
      return of(location, lease.source());
    } catch (RuleFileException e) {
      return new TandemStatus(location, false, 0, List.of(), 0, 0, e.getMessage(), Map.of(), cache, null, List.of());
    }
  }

  private static PlanCache currentPlanCache() {
    dev.tandem.jdbc.PlanCache plans = ConnectionFactory.planCache();
    var stats = plans.stats();
    return new PlanCache(plans.size(), stats.hitCount(), stats.missCount(), stats.evictionCount());
  }
}
