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
 * <p>Thread-safe. {@link #shared()} is the registry of the JVM; tests may make their own.
 */
public final class RuleSourceRegistry {
  private static final RuleSourceRegistry SHARED = new RuleSourceRegistry();

  private record Key(RuleLocation location, Duration pollInterval) {}

  private static final class Entry {
    final RuleSource source;
    int users;

    Entry(RuleSource source) {
      this.source = source;
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
  public synchronized Lease acquire(RuleLocation location, Duration pollInterval) throws RuleFileException {
    Key key = new Key(location, pollInterval);
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry(RuleSource.open(location, pollInterval));
      entries.put(key, entry);
    }
    entry.users++;
    return new Lease(key, entry.source);
  }

  /** How many leases are held on the source for {@code location} and {@code pollInterval}. */
  public synchronized int users(RuleLocation location, Duration pollInterval) {
    Entry entry = entries.get(new Key(location, pollInterval));
    return entry == null ? 0 : entry.users;
  }

  private synchronized void release(Key key, RuleSource source) {
    Entry entry = entries.get(key);
    if (entry == null || entry.source != source) {
      return;
    }
    if (--entry.users == 0) {
      entries.remove(key);
      source.close();
    }
  }

  /** A hold on a shared {@link RuleSource}; closing it (once or more) releases the hold. */
  public final class Lease implements AutoCloseable {
    private final Key key;
    private final RuleSource source;
    private boolean released;

    private Lease(Key key, RuleSource source) {
      this.key = key;
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
      release(key, source);
    }
  }
}
