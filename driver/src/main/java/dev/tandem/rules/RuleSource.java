package dev.tandem.rules;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live rule set of one rule file (SPEC §7): loaded once when opened, then re-read when the file
 * changes or {@link #reload()} is called, each new rule set replacing the old one atomically.
 *
 * <ul>
 *   <li>{@link #current()} is a single volatile read, cheap enough for every statement.
 *   <li>A file is watched by polling, every {@link #pollInterval()} on the shared
 *       {@code tandem-rules-watcher} daemon thread, the path's real target (after symbolic links),
 *       modification time and size; when they change the file is read and its SHA-256 compared
 *       with the rules in force. File-system events are not used: they miss the symlink swap by
 *       which Kubernetes updates a mounted ConfigMap. Because some file systems keep modification
 *       times in whole seconds, a file modified within {@value #RECENT_MILLIS} ms of the last read
 *       is read again on each poll until it is older, so an in-place edit that keeps the size is
 *       not missed.
 *   <li>A change that fails validation leaves the last good rules in force; it is logged once
 *       (WARNING, {@code java.lang.System.Logger} "dev.tandem.rules.RuleSource"), counted in
 *       {@link #reloadsFailed()} and kept as {@link #lastError()} until the file holds good rules
 *       again. The same bad content is not retried or logged again; the next change is.
 *   <li>Opening fails when the first load fails: a connection must not open with broken rules.
 *   <li>A {@code classpath:} resource cannot change while the application runs and is not polled.
 * </ul>
 *
 * <p>Most callers share sources through {@link RuleSourceRegistry} rather than opening their own.
 * Thread-safe.
 */
public final class RuleSource implements AutoCloseable {
  /** How often a rule file is polled unless configured otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  static final long RECENT_MILLIS = 2_000;
  private static final int MAX_BYTES = 4 * RuleFileLoader.MAX_CODE_POINTS;
  private static final System.Logger LOG = System.getLogger(RuleSource.class.getName());

  private final RuleLocation location;
  private final Duration pollInterval;
  private final List<RuleSetListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong reloadsOk = new AtomicLong();
  private final AtomicLong reloadsFailed = new AtomicLong();
  private volatile RuleSet current;
  private volatile RuleFileException lastError;

  // Guarded by this: polling and reloading happen one at a time.
  private RuleLocation.Stamp lastStamp;
  private long lastReadMillis;
  private String lastFailedHash;
  private ScheduledFuture<?> poller;
  private boolean closed;

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
   * @throws RuleFileException when the file cannot be read or is not a valid rule file
   */
  public static RuleSource open(RuleLocation location, Duration pollInterval) throws RuleFileException {
    Objects.requireNonNull(location, "location");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("the poll interval must not be negative: " + pollInterval);
    }
    RuleSource source = new RuleSource(location, pollInterval);
    synchronized (source) {
      source.lastStamp = location.stamp();
      source.lastReadMillis = System.currentTimeMillis();
      source.current = RuleFileLoader.parse(location.read(MAX_BYTES), location.toString());
      if (location.isFile() && !pollInterval.isZero()) {
        source.poller = RuleWatcher.schedule(source::pollSafely, pollInterval);
      }
    }
    LOG.log(Level.INFO, () -> "loaded " + source.current);
    return source;
  }

  /** The rule set in force. */
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

  public Duration pollInterval() {
    return pollInterval;
  }

  /** How many changed rule files were loaded after the first load. */
  public long reloadsOk() {
    return reloadsOk.get();
  }

  /** How many changed rule files (or failed reads) were rejected. */
  public long reloadsFailed() {
    return reloadsFailed.get();
  }

  /** Why the file on disk is not in force, or {@code null} when the rules in force are what it holds. */
  public RuleFileException lastError() {
    return lastError;
  }

  /** Whether the file is being polled in the background. */
  public synchronized boolean isPolling() {
    return poller != null && !poller.isDone();
  }

  public void addListener(RuleSetListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(RuleSetListener listener) {
    listeners.remove(listener);
  }

  /**
   * Re-reads the file now, whatever its time stamp says.
   *
   * @return whether a different rule set is now in force
   * @throws RuleFileException when the file is not valid; the previous rules stay in force
   */
  public synchronized boolean reload() throws RuleFileException {
    lastStamp = location.stamp();
    return readAndInstall(true);
  }

  /**
   * One poll, as the watcher thread does it: a cheap look at the file, and a reload if it changed.
   * Never throws; a rejected change is logged and counted.
   *
   * @return whether a different rule set is now in force
   */
  public synchronized boolean pollOnce() {
    if (closed) {
      return false;
    }
    RuleLocation.Stamp stamp = location.stamp();
    boolean recent = stamp != null && stamp.modifiedMillis() >= lastReadMillis - RECENT_MILLIS;
    if (stamp == null || (stamp.equals(lastStamp) && !recent)) {
      return false;
    }
    lastStamp = stamp;
    try {
      return readAndInstall(false);
    } catch (RuleFileException alreadyLogged) {
      return false;
    }
  }

  /** Stops polling. The last rule set stays readable. */
  @Override
  public synchronized void close() {
    closed = true;
    if (poller != null) {
      poller.cancel(false);
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

  private boolean readAndInstall(boolean retryKnownFailure) throws RuleFileException {
    lastReadMillis = System.currentTimeMillis();
    byte[] content;
    try {
      content = location.read(MAX_BYTES);
    } catch (RuleFileException e) {
      throw rejected(e, "unreadable", retryKnownFailure);
    }
    String hash = RuleFileLoader.contentHash(content);
    if (hash.equals(current.contentHash())) {
      lastError = null;
      lastFailedHash = null;
      return false;
    }
    if (hash.equals(lastFailedHash) && !retryKnownFailure) {
      return false;
    }
    RuleSet next;
    try {
      next = RuleFileLoader.parse(content, location.toString());
    } catch (RuleFileException e) {
      throw rejected(e, hash, retryKnownFailure);
    }
    RuleSet previous = current;
    current = next;
    lastError = null;
    lastFailedHash = null;
    reloadsOk.incrementAndGet();
    LOG.log(Level.INFO, () -> "reloaded " + next + ", replacing revision " + previous.revision());
    for (RuleSetListener listener : listeners) {
      try {
        listener.rulesChanged(previous, next);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "a rule set listener failed on " + next, e);
      }
    }
    return true;
  }

  private RuleFileException rejected(RuleFileException e, String hash, boolean retried) {
    boolean known = hash.equals(lastFailedHash);
    lastFailedHash = hash;
    lastError = e;
    if (!known || retried) {
      reloadsFailed.incrementAndGet();
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
