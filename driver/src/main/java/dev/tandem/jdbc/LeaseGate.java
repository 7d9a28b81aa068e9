package dev.tandem.jdbc;

import dev.tandem.fleet.TableRuleSource;
import dev.tandem.rewrite.StatementGate;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.RuleSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;

/**
 * Refuses every statement on a moved table while this instance's fleet lease has lapsed (SPEC §9): the
 * other instances stopped waiting for it when its lease ran out, so a phase change may have gone ahead
 * without it, and the rules it holds may write or read a column the fleet no longer keeps current.
 * Statements on other tables pass; it serves again as soon as a renewal succeeds. The table is found by a
 * whole-word search of its name ({@link SchemaGate#namesWord}), erring towards refusing.
 *
 * <p>With the lease live a statement costs a volatile read and a clock read.
 */
final class LeaseGate implements StatementGate {
  private final TableRuleSource source;

  LeaseGate(TableRuleSource source) {
    this.source = source;
  }

  @Override
  public void admit(String sql, RuleSet rules) throws SQLException {
    if (source.leaseLive()) {
      return;
    }
    for (MoveRule move : rules.moves()) {
      if (SchemaGate.namesWord(sql, move.table().table().name())) {
        throw refused(move);
      }
    }
  }

  private SQLException refused(MoveRule move) {
    Instant ends = source.registry().leaseEnds();
    String since = ends == null ? "it has not registered in the fleet yet (no lease)" : "lease lapsed since " + ends;
    return new SQLFeatureNotSupportedException("move " + move.name() + ": Tandem refuses this statement on "
        + move.table() + " because this instance's fleet lease is not live: " + since + " (it could not renew"
        + " its lease in tandem_instances, so the other instances no longer wait for it); it serves again as soon"
        + " as it renews, tried every " + source.settings().lease().dividedBy(3).toMillis() + " ms",
        SchemaGate.REFUSED);
  }
}
