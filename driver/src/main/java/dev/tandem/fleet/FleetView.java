package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fleet as the operator sees it: every registered instance, whether its lease holds (by the
 * database's clock), and whether all live instances of a rule source apply a given revision.
 */
public final class FleetView {
  /**
   * Whether a rule source's live instances all apply {@code revision}.
   *
   * @param live how many live instances the rule source has
   * @param lagging the live ones that apply another revision (or none yet)
   */
  public record Convergence(String ruleSource, String revision, int live, List<InstanceRecord> lagging) {
    /** True when no live instance lags. A rule source without live instances has converged trivially. */
    public boolean converged() {
      return lagging.isEmpty();
    }
  }

  private final Connection connection;
  private final Dialect dialect;

  public FleetView(Connection connection, Dialect dialect) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** Every registered instance, live or not, ordered by rule source, then host and start time. */
  public List<InstanceRecord> instances() throws SQLException {
    String sql = "SELECT instance_id, host, pid, app_version, rule_source, revision, started_at, heartbeat_at,"
        + " lease_until, CASE WHEN lease_until > " + FleetTables.now(dialect) + " THEN 1 ELSE 0 END"
        + " FROM " + FleetTables.INSTANCES + " ORDER BY rule_source, host, started_at, instance_id";
    List<InstanceRecord> found = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        found.add(new InstanceRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
            rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
            instant(rs.getTimestamp(9)), rs.getInt(10) == 1));
      }
    }
    return found;
  }

  /** Whether every live instance of {@code ruleSource} applies {@code revision}. */
  public Convergence convergence(String ruleSource, String revision) throws SQLException {
    int live = 0;
    List<InstanceRecord> lagging = new ArrayList<>();
    for (InstanceRecord instance : instances()) {
      if (!instance.live() || !instance.ruleSource().equals(ruleSource)) {
        continue;
      }
      live++;
      if (!revision.equals(instance.revision())) {
        lagging.add(instance);
      }
    }
    return new Convergence(ruleSource, revision, live, List.copyOf(lagging));
  }

  /** Removes the rows of instances whose lease lapsed more than {@code olderThanMillis} ago; returns how many. */
  public int prune(long olderThanMillis) throws SQLException {
    // lease_until + age < now, written as lease_until < now - age with the dialect's "now plus" turned around.
    String sql = "DELETE FROM " + FleetTables.INSTANCES + " WHERE lease_until < "
        + FleetTables.nowPlusMillis(dialect);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, -olderThanMillis);
      return ps.executeUpdate();
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
