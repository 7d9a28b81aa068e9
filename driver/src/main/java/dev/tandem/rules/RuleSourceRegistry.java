package dev.tandem.rules;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@link RuleSource} among all the connections that use the same rule file with the
 * same poll interval, so a pool of fifty connections reads and watches the file once. Sources are
 * reference-counted: {@link #acquire} opens or reuses one, closing the returned {@link Lease}
 * releases it, and the last release stops the polling and forgets the source. Files are keyed by
 * their absolute path as written (symbolic links are not resolved; see {@link RuleLocation}).
 *
 * <p>The registry's own lock is never held while a file is read: a rule file that hangs (a hung
 * mount) delays only the connections that use it, never a connection that uses another file.
 *
 * <p>Thread-safe. {@link #shared()} is the registry of the JVM; tests may make their own.
 */
public final class RuleSourceRegistry {
  private static final RuleSourceRegistry SHARED = new RuleSourceRegistry();

  private record Key(RuleLocation location, Duration pollInterval) {}

  /** One shared source; opened by the first user, outside the registry's lock. */
  private static final class Entry {
    private RuleSource source;
    int users;

    /**
     * The source, opened now if no one has yet (or the last attempt failed). Only callers for this
     * same file wait here while it is read, and they would have to wait for its rules anyway.
     */
    synchronized RuleSource open(RuleLocation location, Duration pollInterval) throws RuleFileException {
      if (source == null) {
        source = RuleSource.open(location, pollInterval);
      }
      return source;
    }

    synchronized RuleSource opened() {
      return source;
    }
  }

  private final Map<Key, Entry> entries = new HashMap<>();

  /** The registry shared by every Tandem connection in this JVM. */
  public static RuleSourceRegistry shared() {
    return SHARED;
  }

  /** {@link #acquire(RuleLocation, Duration)} for a path or {@code classpath:} resource. */
  public Lease acquire(String location, Duration pollInterval) throws RuleFileException {
    return acquire(RuleLocation.parse(location), pollInterval);
  }

  /**
   * The source for {@code location} polled every {@code pollInterval}, opened (and its file loaded)
   * if no one holds it yet. The caller closes the lease when done, typically when its connection closes.
   *
   * @throws RuleFileException when the source has to be opened and its file is not valid; nothing
   *     is registered then, so the next attempt reads the file again
   */
  public Lease acquire(RuleLocation location, Duration pollInterval) throws RuleFileException {
    Key key = new Key(location, pollInterval);
    Entry entry;
    synchronized (this) {
      entry = entries.computeIfAbsent(key, k -> new Entry());
      entry.users++;
    }
    try {
      return new Lease(key, entry, entry.open(location, pollInterval));
    } catch (RuleFileException | RuntimeException | Error e) {
      release(key, entry);
      throw e;
    }
  }

  /** How many leases are held on the source for {@code location} and {@code pollInterval}. */
  public synchronized int users(RuleLocation location, Duration pollInterval) {
    Entry entry = entries.get(new Key(location, pollInterval));
    return entry == null ? 0 : entry.users;
  }

  private void release(Key key, Entry entry) {
    synchronized (this) {
      if (entries.get(key) != entry || --entry.users > 0) {
        return;
      }
      entries.remove(key);
    }
    RuleSource source = entry.opened();
    if (source != null) {
      source.close();
    }
  }

  /** A hold on a shared {@link RuleSource}; closing it (once or more) releases the hold. */
  public final class Lease implements AutoCloseable {
    private final Key key;
    private final Entry entry;
    private final RuleSource source;
    private boolean released;

    private Lease(Key key, Entry entry, RuleSource source) {
      this.key = key;
      this.entry = entry;
      this.source = source;
    }

    public RuleSource source() {
      return source;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (released) {
          return;
        }
        released = true;
      }
      release(key, entry);
    }
  }
}
