package dev.tandem;

import dev.tandem.jdbc.ConnectionFactory;
import dev.tandem.jdbc.TandemConfig;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.RuleSource;
import dev.tandem.rules.RuleSourceRegistry;
import java.sql.SQLException;
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
 */
public record TandemStatus(String rules, boolean loaded, long revision, List<Move> moves, long reloadsOk,
    long reloadsRejected, String error, Map<String, String> blocked, PlanCache planCache) {

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
    blocked = Map.copyOf(blocked);
  }

  /** Whether the status is healthy: rules loaded (or none configured), no reload rejected since, no move blocked. */
  public boolean healthy() {
    return (rules == null || loaded) && error == null && blocked.isEmpty();
  }

  /** The status of the rules {@code config} names. */
  static TandemStatus of(TandemConfig config) throws SQLException {
    PlanCache cache = currentPlanCache();
    String location = config.rules();
    if (location == null) {
      return new TandemStatus(null, false, 0, List.of(), 0, 0, null, Map.of(), cache);
    }
    try (RuleSourceRegistry.Lease lease = RuleSourceRegistry.shared().acquire(location, config.reloadInterval())) {
      RuleSource source = lease.source();
      RuleSet rules = source.current();
      List<Move> moves = new ArrayList<>();
      for (MoveRule move : rules.moves()) {
        moves.add(new Move(move.name(), move.table().toString(), move.from().name(), move.to().name(),
            move.phase().yamlName()));
      }
      RuleFileException last = source.lastError();
      return new TandemStatus(location, true, source.revision(), moves, source.reloadsOk(), source.reloadsFailed(),
          last == null ? null : last.getMessage(), source.schemaStates().blockedMoves(), cache);
    } catch (RuleFileException e) {
      return new TandemStatus(location, false, 0, List.of(), 0, 0, e.getMessage(), Map.of(), cache);
    }
  }

  private static PlanCache currentPlanCache() {
    dev.tandem.rewrite.PlanCache plans = ConnectionFactory.planCache();
    var stats = plans.stats();
    return new PlanCache(plans.size(), stats.hitCount(), stats.missCount(), stats.evictionCount());
  }
}
