package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One instance's entry in the registry ({@value FleetTables#INSTANCES}): who it is, which rule revision it
 * applies, and a lease it renews on the database's clock.
 *
 * <p>The lease is what lets the rest of the fleet wait for this instance, and stop waiting when it is
 * gone: an instance whose lease has lapsed is not counted as live, so it must not act on its rules
 * either. It therefore judges its own lease conservatively: valid for {@code lease} from the moment it
 * <em>started</em> the last renewal that succeeded, on its monotonic clock; the database stores
 * {@code now + lease} at a later moment, so the instance always gives up its lease before the fleet
 * stops counting it.
 *
 * <p>Thread-safe: renewals are serialised; {@link #leaseLive()} is a volatile read.
 */
public final class InstanceRegistry implements AutoCloseable {
  /** Opens the connection the registry writes through (a vendor connection, auto-commit). */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /** Who an instance is. */
  public record Identity(String instanceId, String host, long pid, String appVersion, String ruleSource) {
    public Identity {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(ruleSource, "ruleSource");
    }

    /** This JVM, with a fresh id: its host name, process id and the application version label given. */
    public static Identity ofThisProcess(String appVersion, String ruleSource) {
      return new Identity(UUID.randomUUID().toString(), hostName(), ProcessHandle.current().pid(), appVersion,
          ruleSource);
    }

    private static String hostName() {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isBlank()) {
        return env;
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return "unknown";
      }
    }
  }

  private final Dialect dialect;
  private final Identity identity;
  private final long leaseNanos;
  private final OwnConnection own;
  private volatile long leaseValidUntilNanos;
  private volatile boolean everRenewed;
  private boolean closed;

  /**
   * @param lease how long a renewal keeps the instance live; renew well within it (a third is usual)
   */
  public InstanceRegistry(ConnectionSource connections, Dialect dialect, Identity identity, Duration lease) {
    this.own = new OwnConnection(Objects.requireNonNull(connections, "connections"));
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.identity = Objects.requireNonNull(identity, "identity");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
    this.leaseNanos = lease.toNanos();
  }

  public Identity identity() {
    return identity;
  }

  /**
   * Records that this instance is live and applies {@code revision}, and extends its lease.
   *
   * @throws SQLException when the database cannot be written; the lease then runs out on its own
   */
  public synchronized void renew(String revision) throws SQLException {
    if (closed) {
      throw new SQLException("the instance registry of " + identity.instanceId() + " is closed", "08003");
    }
    long started = System.nanoTime();
    try {
      Connection c = own.get();
      if (update(c, revision) == 0) {
        insert(c, revision);
      }
    } catch (SQLException e) {
      own.drop();
      throw e;
    }
    leaseValidUntilNanos = started + leaseNanos;
    everRenewed = true;
  }

  /** Whether this instance's lease holds now, judged on its own clock from its last successful renewal. */
  public boolean leaseLive() {
    return everRenewed && System.nanoTime() - leaseValidUntilNanos < 0;
  }

  /**
   * When this instance's lease ran out (or runs out, if it still holds), by the wall clock; {@code null}
   * when it never had one (no renewal ever succeeded, or it left the fleet).
   */
  public Instant leaseEnds() {
    if (!everRenewed) {
      return null;
    }
    return Instant.now().minusNanos(System.nanoTime() - leaseValidUntilNanos);
  }

  /** How long a renewal keeps this instance live. */
  public Duration lease() {
    return Duration.ofNanos(leaseNanos);
  }

  /** Leaves the fleet: removes this instance's row, so nobody waits for it. */
  @Override
  public synchronized void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    everRenewed = false;
    try {
      Connection c = own.get();
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM " + FleetTables.INSTANCES + " WHERE instance_id = ?")) {
        ps.setString(1, identity.instanceId());
        ps.executeUpdate();
      }
    } finally {
      own.drop();
    }
  }

  private int update(Connection c, String revision) throws SQLException {
    String sql = "UPDATE " + FleetTables.INSTANCES + " SET revision = ?, heartbeat_at = " + FleetTables.now(dialect)
        + ", lease_until = " + FleetTables.nowPlusMillis(dialect) + " WHERE instance_id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, revision);
      ps.setLong(2, leaseNanos / 1_000_000);
      ps.setString(3, identity.instanceId());
      return ps.executeUpdate();
    }
  }

  private void insert(Connection c, String revision) throws SQLException {
    String now = FleetTables.now(dialect);
    String sql = "INSERT INTO " + FleetTables.INSTANCES + " (instance_id, host, pid, app_version, rule_source, revision,"
        + " started_at, heartbeat_at, lease_until) VALUES (?, ?, ?, ?, ?, ?, " + now + ", " + now + ", "
        + FleetTables.nowPlusMillis(dialect) + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, identity.instanceId());
      ps.setString(2, identity.host());
      ps.setLong(3, identity.pid());
      ps.setString(4, identity.appVersion());
      ps.setString(5, identity.ruleSource());
      ps.setString(6, revision);
      ps.setLong(7, leaseNanos / 1_000_000);
      ps.executeUpdate();
    }
  }
}
