package dev.tandem.rules;

import java.time.Duration;

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

  private final SharedSources<Key, RuleSource> sources = new SharedSources<>(RuleSource::close);

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
    return new Lease(sources.acquire(new Key(location, pollInterval), () -> RuleSource.open(location, pollInterval)));
  }

  /** How many leases are held on the source for {@code location} and {@code pollInterval}. */
  public int users(RuleLocation location, Duration pollInterval) {
    return sources.users(new Key(location, pollInterval));
  }

  /** A hold on a shared {@link RuleSource}; closing it (once or more) releases the hold. */
  public static final class Lease implements AutoCloseable {
    private final SharedSources<?, RuleSource>.Lease held;

    private Lease(SharedSources<?, RuleSource>.Lease held) {
      this.held = held;
    }

    public RuleSource source() {
      return held.source();
    }

    @Override
    public void close() {
      held.close();
    }
  }
}
