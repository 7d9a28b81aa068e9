package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import dev.tandem.fleet.InstanceRegistry.ConnectionSource;
import dev.tandem.rules.LiveRules;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.RuleSetSubscribers;
import dev.tandem.rules.RuleSource;
import dev.tandem.rules.RuleWatcher;
import dev.tandem.rules.SchemaStates;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rules of a fleet, read from the application's own database ({@code tandem.rules=table:tandem_rules},
 * docs/behaviour.md §9), and this JVM's entry in the fleet's instance registry. One per JVM and database
 * ({@link TableRuleSources}), over connections of its own (never one of the application's).
 *
 * <ul>
 *   <li>Opening reads the newest revision of {@value FleetTables#RULES} and fails when there is none, the
 *       tables do not exist (the message names {@code tandem fleet init}) or the revision is not a valid
 *       rule file: a connection must not open without rules.
 *   <li>Then every poll interval a poll reads the newest revision number, and when it changed, the
 *       revision, validated exactly like a rule file: parsed, no move dropped silently
 *       ({@link RuleSource#refuseSilentDrops}), every {@link RuleSetCheck} (the schema) passed. A revision
 *       that fails, or a database that cannot be reached, leaves the last good rules in force and is logged
 *       once; a revision a check rejected is tried again at every poll (a migration may fix it).
 *   <li>Each poll also reads which revisions the other live instances apply ({@link FleetView}), loads
 *       them (once each) and puts in force the rules the fleet protocol allows while they differ from this
 *       instance's ({@link FleetPhases#effective}): the wider behaviour until every live instance applies a
 *       revision that allows the narrower.
 *   <li>An {@link InstanceRegistry} records this instance with the revision it applies, renewed every
 *       third of the lease on a daemon thread, and at once after a new revision is put in force; after each
 *       successful renewal it reads the fleet again;
 *       {@link #leaseLive()} tells the connections' gate whether they may serve statements on moved tables.
 *       After a lapse it rejoins at the newest revision: it reads the table and the fleet before it renews.
 *       Closing leaves the registry.
 * </ul>
 *
 * <p>Thread-safe: polls are serialised by their own lock, which nothing else takes; {@link #current()} is a
 * volatile read.
 */
public final class TableRuleSource implements LiveRules, AutoCloseable {
  /** What {@code tandem.rules} starts with to name a table. */
  public static final String PREFIX = "table:";
  /** How long a renewal keeps an instance live unless configured otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  private static final System.Logger LOG = System.getLogger(TableRuleSource.class.getName());

  /** How a table source is configured: its poll interval (0: never), lease and the application's version. */
  public record Settings(Duration pollInterval, Duration lease, String appVersion) {
    public Settings {
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(lease, "lease");
      if (pollInterval.isNegative() || lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("the poll interval must not be negative and the lease must be positive");
      }
    }
  }

  private final String name;
  private final String database;
  private final Dialect dialect;
  private final ConnectionSource connections;
  private final Settings settings;
  private final InstanceRegistry registry;
  private final RuleSetSubscribers subscribers = new RuleSetSubscribers();
  private final SchemaStates schemaStates = new SchemaStates(this);
  private volatile RuleSet current;
  private volatile RuleRevision applied;
  /** The registry as this instance last read it (itself included), for status pages. */
  private volatile List<InstanceRecord> fleet = List.of();
  private volatile boolean closed;
  private volatile boolean renewalFailing;

  /** One poll at a time; taken by nothing but this source's polls. */
  private final ReentrantLock polling = new ReentrantLock();
  // Guarded by polling.
  private final OwnConnection own;
  private RuleSet appliedRules;
  /** The revision published just before the one applied (empty for the first): it tells a rollback. */
  private RuleSet previousRules;
  private final Map<Long, RuleSet> loaded = new HashMap<>();
  /** The rules served, the same rule set while it serves every move the same way (plans stay cached). */
  private final FleetPhases.Memo served = new FleetPhases.Memo();
  private String effectiveInputs;
  private long failedRevision = -1;
  private String failedMessage;
  private boolean retryFailed;
  private boolean unreachable;
  private ScheduledFuture<?> poller;
  private ScheduledFuture<?> renewer;

  private TableRuleSource(String table, String database, Dialect dialect, ConnectionSource connections,
      Settings settings) {
    this.name = PREFIX + table;
    this.database = database;
    this.dialect = dialect;
    this.connections = connections;
    this.own = new OwnConnection(connections);
    this.settings = settings;
    this.registry = new InstanceRegistry(connections, dialect,
        InstanceRegistry.Identity.ofThisProcess(settings.appVersion(), name), settings.lease());
  }

  /** Whether a {@code tandem.rules} value names a table rather than a file. */
  public static boolean namesTable(String rules) {
    return rules != null && rules.trim().regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /**
   * The table a {@code table:} value names. Only {@value FleetTables#RULES} (in the connection's
   * default schema) is supported: the registry and the operator's tools use the fixed table names.
   *
   * @throws IllegalArgumentException for any other table
   */
  public static String table(String rules) {
    String table = rules.trim().substring(PREFIX.length()).trim();
    if (!table.equalsIgnoreCase(FleetTables.RULES)) {
      throw new IllegalArgumentException("tandem.rules=" + rules.trim() + " names the table '" + table
          + "'; rules are read from the table " + FleetTables.RULES + " only (write tandem.rules=" + PREFIX
          + FleetTables.RULES + "), in the schema the connection uses");
    }
    return FleetTables.RULES;
  }

  /**
   * Reads the newest revision, registers this instance and starts polling and renewing.
   *
   * @param database what to call the database in messages (no password)
   * @param connections opens this source's own vendor connections to that database
   * @throws SQLException when the rules cannot be read (the tables are missing, nothing is published, the
   *     newest revision is not valid); nothing keeps running then
   */
  public static TableRuleSource open(String table, String database, Dialect dialect, ConnectionSource connections,
      Settings settings) throws SQLException {
    TableRuleSource source = new TableRuleSource(table, database, dialect, connections, settings);
    source.polling.lock();
    try {
      source.firstLoad();
    } catch (SQLException | RuntimeException e) {
      source.own.drop();
      throw e;
    } finally {
      source.polling.unlock();
    }
    if (source.renew()) {
      source.lookAtFleet();
    } else if (source.registryMissing()) {
      source.close();
      throw source.missingTables(null);
    }
    source.startBackgroundWork();
    LOG.log(Level.INFO, () -> "loaded " + source.current + " from " + database + "; instance "
        + source.registry.identity().instanceId() + " registered with a lease of " + settings.lease().toMillis() + " ms");
    return source;
  }

  private void firstLoad() throws SQLException {
    RuleRevision newest;
    try {
      newest = new DatabaseRuleStore(own.get(), dialect).latest();
    } catch (SQLException e) {
      throw FleetTables.isMissingTable(e) ? missingTables(e) : e;
    }
    if (newest == null) {
      throw new SQLException("Tandem reads its rules from " + FleetTables.RULES + " in " + database
          + ", which holds no revision yet; publish one with `tandem fleet publish RULES_FILE`", "08001");
    }
    try {
      appliedRules = DatabaseRuleStore.load(newest);
    } catch (RuleFileException e) {
      throw new SQLException("Tandem cannot load its rules: " + e.getMessage(), "08001", e);
    }
    applied = newest;
    current = appliedRules;
    loaded.put(newest.revision(), appliedRules);
    DatabaseRuleStore store = new DatabaseRuleStore(own.get(), dialect);
    previousRules = previousOf(store, newest.revision());
    refreshEffective(own.get());
  }

  private SQLException missingTables(SQLException cause) {
    return new SQLException("Tandem reads its rules from " + FleetTables.RULES + " and registers in "
        + FleetTables.INSTANCES + " in " + database + ", but the tables do not exist; create them with"
        + " `tandem fleet init` (or run the DDL it prints)" + (cause == null ? "" : ": " + cause.getMessage()),
        "08001", cause);
  }

  private boolean registryMissing() {
    try (Connection c = connections.open(); java.sql.Statement s = c.createStatement()) {
      s.executeQuery("SELECT instance_id FROM " + FleetTables.INSTANCES + " WHERE 1 = 0").close();
      return false;
    } catch (SQLException e) {
      return FleetTables.isMissingTable(e);
    }
  }

  private void startBackgroundWork() {
    polling.lock();
    try {
      if (!settings.pollInterval().isZero()) {
        poller = RuleWatcher.schedule(this::pollSafely, settings.pollInterval());
      }
      renewer = RuleWatcher.schedule(this::renewOnce, settings.lease().dividedBy(3));
    } finally {
      polling.unlock();
    }
  }

  @Override
  public RuleSet current() {
    return current;
  }

  /** {@code table:tandem_rules}: also what this instance records as its rule source in the registry. */
  @Override
  public String name() {
    return name;
  }

  /** The revision of {@value FleetTables#RULES} this instance applies (the newest it accepted). */
  public RuleRevision applied() {
    return applied;
  }

  /**
   * The instance registry as this instance read it at its last poll or renewal (every instance, this one
   * included, each with whether its lease held then): what status pages show, not what the gate decides on.
   */
  public List<InstanceRecord> fleet() {
    return fleet;
  }

  /** This instance's entry in the registry. */
  public InstanceRegistry registry() {
    return registry;
  }

  /** Whether this instance's lease holds, so it may act on its rules. */
  public boolean leaseLive() {
    return registry.leaseLive();
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public RuleSetSubscribers subscribers() {
    return subscribers;
  }

  @Override
  public SchemaStates schemaStates() {
    return schemaStates;
  }

  /**
   * One poll, as the background thread does it: the newest revision, put in force when it is new and
   * valid, and the rules the fleet allows. Never throws; a failure is logged once.
   *
   * @return whether different rules are now in force
   */
  public boolean pollOnce() {
    RuleSet before = current;
    if (read() == Read.NEW_REVISION) {
      renewAndLook(); // tell the fleet at once, so that it converges a lease-renewal sooner
    }
    return current != before;
  }

  /** What a {@link #read()} found. */
  private enum Read { NOT_READ, READ, NEW_REVISION }

  /** Reads the newest revision and the revisions the fleet applies, and puts in force what they allow. */
  private Read read() {
    if (closed || !polling.tryLock()) {
      return Read.NOT_READ; // a poll is running; the next one looks again
    }
    Read outcome = Read.NOT_READ;
    try {
      Connection c = own.get();
      DatabaseRuleStore store = new DatabaseRuleStore(c, dialect);
      RuleRevision newest = store.latest();
      boolean installed = false;
      if (newest != null && newest.revision() != applied.revision()
          && (newest.revision() != failedRevision || retryFailed)) {
        installed = accept(newest, store);
      }
      refreshEffective(c);
      outcome = installed ? Read.NEW_REVISION : Read.READ;
      if (unreachable) {
        unreachable = false;
        LOG.log(Level.INFO, () -> "reading " + name + " in " + database + " again; " + current + " in force");
      }
    } catch (SQLException e) {
      unreachable(e);
    } finally {
      if (closed) {
        own.drop();
      }
      polling.unlock();
    }
    return outcome;
  }

  /**
   * Renews this instance's lease with the revision it applies, as the background thread does. An instance
   * whose lease lapsed was not waited for, so the fleet may have moved on without it: it first reads the
   * newest revision and what the fleet applies (it rejoins at the newest revision, never with the rules it
   * had), and renews only when that read succeeded. Never throws; a failure is logged once.
   */
  public void renewOnce() {
    if (!registry.leaseLive() && read() == Read.NOT_READ) {
      return; // the next renewal tries again; until then the gate keeps refusing
    }
    renewAndLook();
  }

  /**
   * Renews the lease and, when that succeeded, reads again which revisions the live instances apply: the
   * operator's tools wait until every instance has renewed since the fleet converged, so a renewal must be
   * followed by a fresh look at the fleet (docs/behaviour.md §9, the two-step rule).
   */
  private void renewAndLook() {
    if (renew()) {
      lookAtFleet();
    }
  }

  /** Reads which revisions the live instances apply and puts in force what they allow. */
  private void lookAtFleet() {
    polling.lock(); // after a renewal the look may not be skipped; a poll in flight takes only a moment
    try {
      if (!closed) {
        refreshEffective(own.get());
      }
    } catch (SQLException e) {
      unreachable(e);
    } finally {
      if (closed) {
        own.drop();
      }
      polling.unlock();
    }
  }

  /** The database could not be read: logged and counted once per outage; the rules in force stay. */
  private void unreachable(SQLException e) {
    own.drop();
    if (!unreachable) {
      unreachable = true;
      subscribers.reloadRejected();
      LOG.log(Level.WARNING, "cannot read " + name + " in " + database + " (" + e.getMessage() + "); "
          + current + " stays in force, trying again every " + settings.pollInterval().toMillis() + " ms");
    }
  }

  /** Renews the lease with the revision applied; whether that succeeded. */
  private boolean renew() {
    if (closed) {
      return false;
    }
    try {
      registry.renew(applied.label());
      if (renewalFailing) {
        renewalFailing = false;
        LOG.log(Level.INFO, () -> "instance " + registry.identity().instanceId() + " renewed its lease again");
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      if (!renewalFailing) {
        renewalFailing = true;
        Instant ends = registry.leaseEnds();
        LOG.log(Level.WARNING, "instance " + registry.identity().instanceId() + " cannot renew its lease in "
            + database + " (" + e.getMessage() + "); " + (ends == null ? "it has no lease yet"
            : "it lapses at " + ends) + ", and statements on moved tables are refused while it has none");
      }
      return false;
    }
  }

  /** Validates {@code revision} like a rule file and, when it passes, makes it the revision applied. */
  private boolean accept(RuleRevision revision, DatabaseRuleStore store) throws SQLException {
    RuleSet next;
    try {
      next = DatabaseRuleStore.load(revision);
      RuleSource.refuseSilentDrops(next, appliedRules);
    } catch (RuleFileException e) {
      rejected(revision, e, false);
      return false;
    }
    try {
      subscribers.check(next, current);
    } catch (RuleFileException e) {
      rejected(revision, e, true);
      return false;
    }
    RuleRevision previous = applied;
    previousRules = previousOf(store, revision.revision());
    appliedRules = next;
    applied = revision;
    loaded.put(revision.revision(), next);
    failedRevision = -1;
    failedMessage = null;
    retryFailed = false;
    subscribers.reloadAccepted();
    LOG.log(Level.INFO, () -> "applying " + next + ", replacing " + FleetTables.RULES + " revision "
        + previous.revision());
    return true;
  }

  private void rejected(RuleRevision revision, RuleFileException e, boolean byCheck) {
    boolean known = revision.revision() == failedRevision && e.getMessage().equals(failedMessage);
    failedRevision = revision.revision();
    failedMessage = e.getMessage();
    retryFailed = byCheck;
    if (!known) {
      subscribers.reloadRejected();
      LOG.log(Level.WARNING, FleetTables.RULES + " revision " + revision.revision() + " rejected; revision "
          + applied.revision() + " stays in force: " + e.getMessage());
    }
  }

  /**
   * Puts in force what the fleet allows: {@link FleetPhases#effective} of the revision applied (and the one
   * before it) and the revisions the other live instances apply. Computed again only when those change, so that plans cached for the rules
   * in force stay valid between polls.
   */
  private void refreshEffective(Connection c) throws SQLException {
    TreeSet<Long> live = new TreeSet<>();
    List<InstanceRecord> instances = new FleetView(c, dialect).instances();
    fleet = List.copyOf(instances);
    for (InstanceRecord instance : instances) {
      if (instance.live() && name.equals(instance.ruleSource())
          && !instance.instanceId().equals(registry.identity().instanceId())) {
        Long number = revisionNumber(instance.revision());
        if (number != null) {
          live.add(number);
        }
      }
    }
    String inputs = applied.revision() + " with " + live;
    if (inputs.equals(effectiveInputs)) {
      return;
    }
    List<RuleSet> liveRules = new ArrayList<>();
    liveRules.add(appliedRules);
    DatabaseRuleStore store = new DatabaseRuleStore(c, dialect);
    for (long number : live) {
      RuleSet rules = loadedRevision(store, number);
      if (rules != null) {
        liveRules.add(rules);
      }
    }
    RuleSet next = served.effective(appliedRules, previousRules, liveRules);
    effectiveInputs = inputs;
    RuleSet previous = current;
    if (next == previous) {
      return;
    }
    current = next;
    subscribers.announce(previous, next);
  }

  /** The rules of the revision published just before {@code number}; empty for the first. */
  private RuleSet previousOf(DatabaseRuleStore store, long number) throws SQLException {
    RuleRevision before = store.before(number);
    if (before == null) {
      return RuleSet.empty();
    }
    RuleSet rules = loadedRevision(store, before.revision());
    return rules == null ? RuleSet.empty() : rules;
  }

  /** A revision another instance applies, loaded once; {@code null} when it does not load here. */
  private RuleSet loadedRevision(DatabaseRuleStore store, long number) throws SQLException {
    RuleSet known = loaded.get(number);
    if (known != null) {
      return known;
    }
    RuleRevision revision = store.revision(number);
    if (revision == null) {
      return null;
    }
    try {
      RuleSet rules = DatabaseRuleStore.load(revision);
      loaded.put(number, rules);
      return rules;
    } catch (RuleFileException e) {
      // Another instance applies it, so it loaded there (another Tandem version?); it cannot shape ours.
      LOG.log(Level.WARNING, "a live instance applies " + FleetTables.RULES + " revision " + number
          + ", which does not load here: " + e.getMessage());
      return null;
    }
  }

  private static Long revisionNumber(String label) {
    if (label == null) {
      return null;
    }
    try {
      return Long.parseLong(label.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Stops polling and renewing and leaves the registry, so that the fleet stops waiting for this instance. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (poller != null) {
      poller.cancel(false);
    }
    if (renewer != null) {
      renewer.cancel(false);
    }
    try {
      registry.close();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "instance " + registry.identity().instanceId() + " could not leave "
          + FleetTables.INSTANCES + " (" + e.getMessage() + "); its lease lapses on its own");
    }
    if (polling.tryLock()) {
      try {
        own.drop();
      } finally {
        polling.unlock();
      }
    }
  }

  private void pollSafely() {
    try {
      pollOnce();
    } catch (RuntimeException | Error e) {
      // An exception would cancel the periodic task for good; log it and keep polling.
      LOG.log(Level.ERROR, "polling " + name + " in " + database + " failed; will try again", e);
    }
  }

  @Override
  public String toString() {
    return "TableRuleSource[" + name + " in " + database + ", revision " + applied.revision() + ", " + current + "]";
  }
}
