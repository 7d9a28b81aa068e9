package dev.tandem.fleet;

import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.MoveServing;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The two-step rule of SPEC §9, as one pure function: what an instance rewrites with, given the revision
 * it applies and the revisions every live instance of its fleet applies (itself included).
 *
 * <p>A change that narrows what is written or read directly takes effect only when every live instance
 * applies a revision that allows it; until then the instance keeps the wider behaviour. Per move, with
 * {@code P} the phase this instance applies ({@code none} when its revision lacks the move) and the
 * phases the live instances apply:
 *
 * <pre>
 * live phases              P          writes                          reads                 waits for
 * none + expand/migrated   any        from; to = NULL; to: refused    as expand (COALESCE)  all to apply the move
 * expand (+ migrated)      expand     as expand (both)                as expand             -
 * expand + migrated        migrated   as migrated (both)              as expand (COALESCE)  all to reach migrated
 * migrated                 migrated   as migrated                     as migrated           -
 * migrated + contract      migrated   as migrated                     as contract           -
 * migrated + contract      contract   as migrated (both)              as contract           all to reach contract
 * contract (+ none)        any        as contract                     as contract           -
 * migrated, rolled back    migrated   as migrated                     as contract           the backward backfill
 * expand + contract, or none + contract + another, or differing definitions: every reference refused
 * </pre>
 *
 * The invariants that make each row safe, whatever moment each instance switches at:
 * <ul>
 *   <li>while some live instance lacks the move (and so writes only {@code from}), every instance that
 *       knows it keeps {@code to} either NULL or {@code forward(from)}: it clears {@code to} when it writes
 *       {@code from}, and refuses every write that names {@code to}. {@code COALESCE(to, forward(from))} is then
 *       right, and no backfilled value can be overwritten behind the backfill's back: the backfill waits
 *       until every live instance applies the move;
 *   <li>{@code to} is read directly only when every live instance applies {@code migrated} or later, each
 *       of which writes both columns whatever it knows of the others;
 *   <li>{@code from} stops being written only when every live instance applies {@code contract}, each of
 *       which reads {@code from} as {@code backward(to)} whatever it knows of the others;
 *   <li>after a rollback from {@code contract} to {@code migrated} the revision that goes back (the one
 *       whose predecessor has the move in {@code contract}) keeps {@code contract}'s reads and writes both
 *       columns; {@code from} is read directly again only from the next revision, which the operator
 *       publishes once the fleet applies the rollback and the backward backfill has run;
 *   <li>a move a revision drops is kept, as the instances that still have it serve it, until no live
 *       instance has it.
 * </ul>
 *
 * <p>Without a fleet (rules from a file, one instance) nothing here is used: the applied rules are served.
 */
public final class FleetPhases {
  private FleetPhases() {}

  /**
   * What one move becomes on one instance.
   *
   * @param move the move as it is served (its phase the one this instance applies, or the fleet's when
   *     this instance's revision lacks it)
   * @param applied the phase this instance's revision gives, or {@code null} when it lacks the move
   * @param waitsFor what must happen before the move is served as {@code applied} says, or {@code null}
   */
  public record Decision(MoveRule move, Phase applied, String waitsFor) {
    public Decision {
      Objects.requireNonNull(move, "move");
    }

    /** Whether the move is served exactly as this instance's own revision says. */
    public boolean plain() {
      return applied != null && move.serving().isPlain(applied);
    }
  }

  /**
   * The rule set this instance rewrites with: {@code applied} where the fleet allows it, the wider
   * behaviour of {@link #decide} where it does not. Returns {@code applied} itself when nothing differs.
   *
   * @param applied the revision this instance applies
   * @param previous the revision published just before {@code applied} ({@link RuleSet#empty()} for the
   *     first): it tells a rollback from {@code contract} from a move that reached {@code migrated} forward
   * @param live the revisions every live instance applies, this one included (duplicates allowed)
   */
  public static RuleSet effective(RuleSet applied, RuleSet previous, Collection<RuleSet> live) {
    List<Decision> decisions = decide(applied, previous, live);
    boolean plain = decisions.size() == applied.moves().size();
    List<MoveRule> moves = new ArrayList<>(decisions.size());
    StringBuilder hash = new StringBuilder(applied.contentHash()).append("+fleet");
    for (Decision d : decisions) {
      plain &= d.plain();
      moves.add(d.move());
      hash.append('|').append(d.move().name()).append('=').append(d.move().serving().describe());
    }
    List<CrossTableMove> crossTable = crossTableServed(applied, live);
    if (!crossTable.equals(applied.crossTableMoves())) {
      crossTable.forEach(m -> hash.append('|').append(m.name()).append('=').append(m.phase().yamlName()));
      return (plain ? applied : applied.withMoves(moves, hash.toString())).withCrossTableMoves(crossTable,
          hash.toString());
    }
    if (plain) {
      return applied;
    }
    return applied.withMoves(moves, hash.toString());
  }

  /**
   * The moves to other tables as this instance serves them (docs/behaviour.md §13): {@code contract} stops writing
   * the old column, so it is served as {@code migrated} (both tables written, reads as written) until every live
   * revision has the move in contract.
   */
  static List<CrossTableMove> crossTableServed(RuleSet applied, Collection<RuleSet> live) {
    List<CrossTableMove> served = new ArrayList<>();
    for (CrossTableMove move : applied.crossTableMoves()) {
      boolean everywhere = move.phase() == Phase.CONTRACT;
      for (RuleSet other : live) {
        CrossTableMove theirs = other.crossTableMove(move.name());
        everywhere &= theirs != null && theirs.phase() == Phase.CONTRACT;
      }
      served.add(move.phase() == Phase.CONTRACT && !everywhere ? move.withPhase(Phase.MIGRATED) : move);
    }
    return served;
  }

  /**
   * {@link FleetPhases#effective} for one instance that asks again at every poll: while nothing changes it
   * returns the same rule set as last time, so plans made for it stay cached (a new rule set is a new plan
   * revision). Thread-safe.
   */
  public static final class Memo {
    private RuleSet last;

    /** The effective rules, the previous answer itself when it serves every move the same way. */
    public synchronized RuleSet effective(RuleSet applied, RuleSet previous, Collection<RuleSet> live) {
      RuleSet next = FleetPhases.effective(applied, previous, live);
      if (next != applied && last != null && last != applied && last.contentHash().equals(next.contentHash())
          && last.source().equals(next.source())) {
        return last;
      }
      last = next;
      return next;
    }
  }

  /** The decision for every move of {@code applied}, then for the moves only other live revisions have. */
  public static List<Decision> decide(RuleSet applied, RuleSet previous, Collection<RuleSet> live) {
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(previous, "previous");
    List<RuleSet> fleet = new ArrayList<>(live);
    fleet.add(applied);
    // By key, not name: the pieces of a split share its name, and each is decided on its own (alike).
    Map<String, List<MoveRule>> byName = new LinkedHashMap<>();
    for (MoveRule move : applied.moves()) {
      byName.computeIfAbsent(move.key(), n -> new ArrayList<>());
    }
    for (RuleSet rules : fleet) {
      for (MoveRule move : rules.moves()) {
        byName.computeIfAbsent(move.key(), n -> new ArrayList<>()).add(move);
      }
    }
    List<Decision> decisions = new ArrayList<>(byName.size());
    for (Map.Entry<String, List<MoveRule>> e : byName.entrySet()) {
      boolean missing = false;
      for (RuleSet rules : fleet) {
        missing |= rules.moveByKey(e.getKey()) == null;
      }
      MoveRule previously = previous.moveByKey(e.getKey());
      decisions.add(decide(applied.moveByKey(e.getKey()), e.getValue(), missing,
          previously != null && previously.phase() == Phase.CONTRACT));
    }
    return decisions;
  }

  /**
   * @param own the move in this instance's revision, or {@code null}
   * @param all the move in every live revision that has it (this instance's included)
   * @param missing whether some live revision lacks the move
   * @param wasContract whether the revision before this instance's had the move in contract
   */
  private static Decision decide(MoveRule own, List<MoveRule> all, boolean missing, boolean wasContract) {
    Set<Phase> present = EnumSet.noneOf(Phase.class);
    MoveRule first = all.get(0);
    for (MoveRule m : all) {
      present.add(m.phase());
      if (!m.sameDefinition(first)) {
        return refused(own, first, "the live instances of the fleet apply different definitions of the move"
            + " (table, columns or transforms); publish one definition and wait until every instance applies it");
      }
    }
    Phase applied = own == null ? null : own.phase();
    Phase lowest = present.iterator().next();
    Phase highest = lowest;
    for (Phase p : present) {
      highest = p;
    }
    MoveRule base = own != null ? own : first.withPhase(highest == Phase.CONTRACT ? Phase.CONTRACT : lowest);
    if (present.contains(Phase.EXPAND) && present.contains(Phase.CONTRACT)
        || missing && highest == Phase.CONTRACT && lowest != Phase.CONTRACT) {
      return refused(own, base, "the live instances of the fleet apply phases " + phases(present, missing)
          + " of the move at once, which no statement can serve safely; let them converge (tandem status)");
    }
    if (missing && highest == Phase.CONTRACT) {
      // The move is being dropped after contract: to holds every value; keep serving it as contract.
      return new Decision(base.withServing(MoveServing.of(Phase.CONTRACT)), applied,
          own == null ? null : "every live instance to drop the move");
    }
    if (missing) {
      return new Decision(base.withServing(new MoveServing(Phase.EXPAND, Phase.EXPAND, true, null)), applied,
          "every live instance to apply the move (some still write only " + base.from() + ")");
    }
    return switch (applied) {
      case EXPAND -> new Decision(own, applied, null);
      case MIGRATED -> migrated(own, lowest, highest, wasContract);
      case CONTRACT -> lowest == Phase.CONTRACT ? new Decision(own, applied, null)
          : new Decision(own.withServing(new MoveServing(Phase.MIGRATED, Phase.CONTRACT, false, null)), applied,
              "every live instance to apply contract before " + own.from() + " stops being written");
    };
  }

  private static Decision migrated(MoveRule own, Phase lowest, Phase highest, boolean wasContract) {
    if (wasContract && lowest == Phase.EXPAND) {
      return refused(own, own, "the move goes back from contract to migrated while a live instance applies"
          + " expand; let the fleet converge on migrated first (tandem status)");
    }
    if (wasContract || highest == Phase.CONTRACT) {
      return new Decision(own.withServing(new MoveServing(Phase.MIGRATED, Phase.CONTRACT, false, null)),
          Phase.MIGRATED, wasContract
              ? "the backward backfill of " + own.from() + " and the next revision (tandem backfill --direction"
                  + " backward)"
              : null);
    }
    if (lowest == Phase.EXPAND) {
      return new Decision(own.withServing(new MoveServing(Phase.MIGRATED, Phase.EXPAND, false, null)),
          Phase.MIGRATED, "every live instance to apply migrated before " + own.to() + " is read directly");
    }
    return new Decision(own, Phase.MIGRATED, null);
  }

  private static Decision refused(MoveRule own, MoveRule base, String reason) {
    return new Decision(base.withServing(MoveServing.refused(base.phase(), reason)),
        own == null ? null : own.phase(), "the fleet to converge");
  }

  private static String phases(Set<Phase> present, boolean missing) {
    List<String> names = new ArrayList<>();
    if (missing) {
      names.add("none");
    }
    for (Phase p : present) {
      names.add(p.yamlName());
    }
    return String.join(", ", names);
  }
}
