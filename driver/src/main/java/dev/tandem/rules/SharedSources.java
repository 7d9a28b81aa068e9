package dev.tandem.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sources shared by key and reference-counted: the first {@link #acquire} for a key opens the
 * source, every acquire returns a {@link Lease}, and the release of the last lease closes it. What
 * {@link RuleSourceRegistry} (rule files) and the fleet's table sources have in common.
 *
 * <p>The registry's own lock is never held while a source opens (a file on a hung mount, a database
 * that does not answer): only the callers for that same key wait, and they would have to wait for its
 * rules anyway. An open that fails registers nothing, so the next acquire tries again.
 *
 * @param <K> what tells sources apart
 * @param <S> the source
 */
public final class SharedSources<K, S> {

  /** Opens a source. */
  @FunctionalInterface
  public interface Opener<S, E extends Exception> {
    S open() throws E;
  }

  /** One shared source; opened by its first user, outside the registry's lock. */
  private static final class Entry<S> {
    private S source;
    int users;

    synchronized <E extends Exception> S open(Opener<S, E> opener) throws E {
      if (source == null) {
        source = opener.open();
      }
      return source;
    }

    synchronized S opened() {
      return source;
    }
  }

  private final Map<K, Entry<S>> entries = new HashMap<>();
  private final Consumer<S> closer;

  /** Sources that {@code closer} closes when their last lease is released. */
  public SharedSources(Consumer<S> closer) {
    this.closer = closer;
  }

  /** The source for {@code key}, opened by {@code opener} if no one holds it yet. */
  public <E extends Exception> Lease acquire(K key, Opener<S, E> opener) throws E {
    Entry<S> entry;
    synchronized (this) {
      entry = entries.computeIfAbsent(key, k -> new Entry<>());
      entry.users++;
    }
    try {
      return new Lease(key, entry, entry.open(opener));
    } catch (Exception | Error e) {
      release(key, entry);
      throw e;
    }
  }

  /** How many leases are held on the source for {@code key}. */
  public synchronized int users(K key) {
    Entry<S> entry = entries.get(key);
    return entry == null ? 0 : entry.users;
  }

  /** Closes every source still open and forgets them (the JVM exits). */
  public void closeAll() {
    List<Entry<S>> open;
    synchronized (this) {
      open = new ArrayList<>(entries.values());
      entries.clear();
    }
    for (Entry<S> entry : open) {
      S source = entry.opened();
      if (source != null) {
        closer.accept(source);
      }
    }
  }

  private void release(K key, Entry<S> entry) {
    synchronized (this) {
      if (entries.get(key) != entry || --entry.users > 0) {
        return;
      }
      entries.remove(key);
    }
    S source = entry.opened();
    if (source != null) {
      closer.accept(source);
    }
  }

  /** A hold on a shared source; closing it (once or more) releases the hold. */
  public final class Lease implements AutoCloseable {
    private final K key;
    private final Entry<S> entry;
    private final S source;
    private boolean released;

    private Lease(K key, Entry<S> entry, S source) {
      this.key = key;
      this.entry = entry;
      this.source = source;
    }

    public S source() {
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
