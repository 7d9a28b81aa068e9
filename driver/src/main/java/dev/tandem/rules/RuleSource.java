package dev.tandem.rules;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live rule set of one rule file (SPEC §7): loaded once when opened, then re-read when the file
 * changes or {@link #reload()} is called, each new rule set replacing the old one atomically.
 *
 * <ul>
 *   <li>{@link #current()} is a single volatile read, cheap enough for every statement.
 *   <li>A file is watched by polling, every {@link #pollInterval()} ({@link RuleWatcher}), the
 *       path's real target (after symbolic links), modification time and size; when they change
 *       the file is read and its SHA-256 compared with the rules in force. File-system events are
 *       not used: they miss the symlink swap by which Kubernetes updates a mounted ConfigMap.
 *       Because some file systems keep modification times in whole seconds, a file modified within
 *       {@value #RECENT_MILLIS} ms of the last read is read again on each poll until it is older.
 *   <li>A file still being written is not loaded: a changed file is loaded only when two looks in
 *       a row (two polls; two reads within {@link #reload()}) find the same content, and the
 *       file's stamp did not change while it was read.
 *   <li>Only regular files are read: a directory, FIFO, device or socket is refused ({@link RuleLocation}).
 *   <li>A new rule set may not silently stop dual writes: one that drops a move the rules in force
 *       have in {@code expand} or {@code migrated} is rejected unless it lists the move's name
 *       under {@code retired:}. Dropping a move in {@code contract} (its migration is finished) is fine.
 *   <li>Each registered {@link RuleSetCheck} (the databases the rules run on, {@link SchemaState})
 *       must accept the new rule set. A rejection by a check is retried at every poll even if the
 *       file does not change, since the database can (a migration adds the column).
 *   <li>A change that fails validation leaves the last good rules in force; it is logged once
 *       (WARNING, {@code java.lang.System.Logger} "dev.tandem.rules.RuleSource"), counted in
 *       {@link #reloadsFailed()} and kept as {@link #lastError()} until the file holds good rules
 *       again. The same bad content is not logged or counted again; the next change is.
 *   <li>Opening fails when the first load fails: a connection must not open with broken rules.
 *   <li>A {@code classpath:} resource cannot change while the application runs and is not polled.
 *   <li>No lock that a statement, a connect or another source takes is held while the file is read
 *       or checked: a reload holds only this source's own reload lock, so a file that hangs delays
 *       nothing but its own reloads.
 * </ul>
 *
 * <p>Most callers share sources through {@link RuleSourceRegistry} rather than opening their own.
 * Thread-safe.
 */
public final class RuleSource implements LiveRules, AutoCloseable {
  /** How often a rule file is polled unless configured otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  static final long RECENT_MILLIS = 2_000;
  private static final int MAX_BYTES = 4 * RuleFileLoader.MAX_CODE_POINTS;
  private static final System.Logger LOG = System.getLogger(RuleSource.class.getName());

  private final RuleLocation location;
  private final Duration pollInterval;
  private final RuleSetSubscribers subscribers = new RuleSetSubscribers();
  private final SchemaStates schemaStates = new SchemaStates(this);
  private volatile RuleSet current;
  private volatile RuleFileException lastError;
  private volatile boolean closed;

  /** One reload at a time; taken by nothing but this source's reloads and polls. */
  private final ReentrantLock reloading = new ReentrantLock();
  // Guarded by reloading.
  private RuleLocation.Stamp lastStamp;
  private long lastReadMillis;
  private String lastFailedHash;
  private String lastFailedMessage;
  private boolean retryUnchanged;
  private String pendingHash;
  private ScheduledFuture<?> poller;

  private RuleSource(RuleLocation location, Duration pollInterval) {
    this.location = location;
    this.pollInterval = pollInterval;
  }

  /** Opens {@code location} (a path or {@code classpath:} resource), polled every 2 seconds. */
  public static RuleSource open(String location) throws RuleFileException {
    return open(RuleLocation.parse(location), DEFAULT_POLL_INTERVAL);
  }

  /**
   * Loads the rule file and, if it is a file and {@code pollInterval} is positive, starts watching it.
   * {@link Duration#ZERO} means never poll (changes are then picked up by {@link #reload()} or
   * {@link #pollOnce()} only).
   *
   * @throws RuleFileException when the file cannot be read, is still being written, or is not a valid rule file
   */
  public static RuleSource open(RuleLocation location, Duration pollInterval) throws RuleFileException {
    Objects.requireNonNull(location, "location");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("the poll interval must not be negative: " + pollInterval);
    }
    RuleSource source = new RuleSource(location, pollInterval);
    source.reloading.lock();
    try {
      source.lastStamp = location.stamp();
      source.lastReadMillis = System.currentTimeMillis();
      byte[] content = source.stableContent();
      source.current = RuleFileLoader.parse(content, location.toString());
      if (location.isFile() && !pollInterval.isZero()) {
        source.poller = RuleWatcher.schedule(source::pollSafely, pollInterval);
      }
    } finally {
      source.reloading.unlock();
    }
    LOG.log(Level.INFO, () -> "loaded " + source.current);
    return source;
  }

  /** The rule set in force. */
  @Override
  public RuleSet current() {
    return current;
  }

  /** The revision of the rule set in force (see {@link RuleSet#revision()}). */
  public long revision() {
    return current.revision();
  }

  public RuleLocation location() {
    return location;
  }

  /** The file's absolute path, or {@code classpath:resource}. */
  @Override
  public String name() {
    return location.toString();
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  /** Why the file on disk is not in force, or {@code null} when the rules in force are what it holds. */
  public RuleFileException lastError() {
    return lastError;
  }

  /** Whether the file is being polled in the background. */
  public boolean isPolling() {
    ScheduledFuture<?> p = poller;
    return p != null && !p.isDone() && !closed;
  }

  /** The schema states of the databases this source's rules run on. */
  @Override
  public RuleSetSubscribers subscribers() {
    return subscribers;
  }

  @Override
  public SchemaStates schemaStates() {
    return schemaStates;
  }

  /**
   * Re-reads the file now, whatever its time stamp says.
   *
   * @return whether a different rule set is now in force
   * @throws RuleFileException when the file is not valid, still being written, or rejected by a
   *     check; the previous rules stay in force
   */
  public boolean reload() throws RuleFileException {
    reloading.lock();
    try {
      lastStamp = location.stamp();
      lastReadMillis = System.currentTimeMillis();
      byte[] content;
      try {
        content = stableContent();
      } catch (RuleFileException e) {
        throw rejected(e, "unreadable", true, false);
      }
      return install(content, RuleFileLoader.contentHash(content), true);
    } finally {
      reloading.unlock();
    }
  }

  /**
   * One poll, as the watcher does it: a cheap look at the file, and a reload if it changed and is
   * stable. Never throws; a rejected change is logged and counted.
   *
   * @return whether a different rule set is now in force
   */
  public boolean pollOnce() {
    if (closed || !reloading.tryLock()) {
      return false; // a reload is running; the next poll looks again
    }
    try {
      RuleLocation.Stamp stamp = location.stamp();
      boolean recent = stamp != null && stamp.modifiedMillis() >= lastReadMillis - RECENT_MILLIS;
      boolean unsettled = pendingHash != null || retryUnchanged;
      if (stamp == null || (stamp.equals(lastStamp) && !recent && !unsettled)) {
        return false;
      }
      lastStamp = stamp;
      lastReadMillis = System.currentTimeMillis();
      byte[] content;
      try {
        content = location.read(MAX_BYTES);
      } catch (RuleFileException e) {
        rejected(e, "unreadable", false, false);
        return false;
      }
      String hash = RuleFileLoader.contentHash(content);
      RuleLocation.Stamp after = location.stamp();
      if (hash.equals(current.contentHash()) || (hash.equals(lastFailedHash) && !retryUnchanged)) {
        pendingHash = null;
        return install(content, hash, false);
      }
      if (!stamp.equals(after) || !hash.equals(pendingHash)) {
        // First look at this content, or it changed while being read: look again next poll.
        pendingHash = stamp.equals(after) ? hash : null;
        lastStamp = null;
        return false;
      }
      pendingHash = null;
      return install(content, hash, false);
    } catch (RuleFileException alreadyLogged) {
      return false;
    } finally {
      reloading.unlock();
    }
  }

  /** Stops polling. The last rule set stays readable. */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> p = poller;
    if (p != null) {
      p.cancel(false);
    }
  }

  private void pollSafely() {
    try {
      pollOnce();
    } catch (RuntimeException | Error e) {
      // An exception would cancel the periodic task for good; log it and keep watching.
      LOG.log(Level.ERROR, "watching " + location + " failed; will try again", e);
    }
  }

  /** The file's content, read twice: a file that changes between the two reads is still being written. */
  private byte[] stableContent() throws RuleFileException {
    byte[] first = location.read(MAX_BYTES);
    if (!location.isFile()) {
      return first;
    }
    byte[] second = location.read(MAX_BYTES);
    if (!Arrays.equals(first, second)) {
      throw new RuleFileException(location.toString(), 0, 0,
          "the file changed while it was read; it is still being written, try again when it is complete");
    }
    return second;
  }

  private boolean install(byte[] content, String hash, boolean explicit) throws RuleFileException {
    if (hash.equals(current.contentHash())) {
      clearFailure();
      return false;
    }
    if (hash.equals(lastFailedHash) && !explicit && !retryUnchanged) {
      return false;
    }
    RuleSet next;
    try {
      next = RuleFileLoader.parse(content, location.toString());
      refuseSilentDrops(next, current);
    } catch (RuleFileException e) {
      throw rejected(e, hash, explicit, false);
    }
    try {
      subscribers.check(next, current);
    } catch (RuleFileException e) {
      throw rejected(e, hash, explicit, true);
    }
    RuleSet previous = current;
    current = next;
    clearFailure();
    subscribers.reloadAccepted();
    LOG.log(Level.INFO, () -> "reloaded " + next + ", replacing revision " + previous.revision());
    subscribers.announce(previous, next);
    return true;
  }

  /**
   * Rejects {@code next} if it drops a move that {@code previous} still dual-writes ({@code expand}
   * or {@code migrated}) and does not list it under {@code retired:}. Every rule source applies it.
   */
  public static void refuseSilentDrops(RuleSet next, RuleSet previous) throws RuleFileException {
    List<String> dropped = new ArrayList<>();
    int line = 0;
    for (MoveRule move : previous.moves()) {
      if (move.phase() != Phase.CONTRACT && next.move(move.name()) == null && !next.retired().contains(move.name())) {
        dropped.add("'" + move.name() + "' (phase " + move.phase().yamlName() + ")");
        line = line == 0 ? move.line() : line;
      }
    }
    for (CrossTableMove move : previous.crossTableMoves()) {
      if (move.phase() != Phase.CONTRACT && next.crossTableMove(move.name()) == null
          && !next.retired().contains(move.name())) {
        dropped.add("'" + move.name() + "' (phase " + move.phase().yamlName() + ", a move to table " + move.toTable()
            + ")");
        line = line == 0 ? move.line() : line;
      }
    }
    for (TableRename rename : previous.renames()) {
      if (rename.phase() == Phase.EXPAND && next.rename(rename.name()) == null
          && !next.retired().contains(rename.name())) {
        throw new RuleFileException(next.source(), 0, 0, "the new rules drop the table rename '" + rename.name()
            + "' (phase expand), whose migration may already have run: statements naming " + rename.table()
            + " would then fail. Move it to phase contract first, or list its name under 'retired:' at the top level");
      }
    }
    if (!dropped.isEmpty()) {
      throw new RuleFileException(next.source(), 0, 0, "the new rules drop " + String.join(", ", dropped)
          + ", which the rules in force still write to both columns; dropping "
          + (dropped.size() == 1 ? "it" : "them") + " would silently stop the dual writes. To stop on purpose,"
          + " list " + (dropped.size() == 1 ? "its name" : "their names") + " under 'retired:' at the top level"
          + " (or move it to phase contract first)");
    }
  }

  private void clearFailure() {
    lastError = null;
    lastFailedHash = null;
    lastFailedMessage = null;
    retryUnchanged = false;
  }

  /**
   * Records a rejected change. Logged and counted once per content and reason; a rejection by a
   * check (the database) is retried at every poll.
   */
  private RuleFileException rejected(RuleFileException e, String hash, boolean explicit, boolean byCheck) {
    boolean known = hash.equals(lastFailedHash) && e.getMessage().equals(lastFailedMessage);
    lastFailedHash = hash;
    lastFailedMessage = e.getMessage();
    lastError = e;
    retryUnchanged = byCheck;
    if (!known || explicit) {
      subscribers.reloadRejected();
      LOG.log(Level.WARNING, "rule file change rejected; revision " + current.revision()
          + " stays in force: " + e.getMessage());
    }
    return e;
  }

  @Override
  public String toString() {
    return "RuleSource[" + location + ", every " + pollInterval + ", " + current + "]";
  }
}
