package dev.tandem.fleet;

import dev.tandem.Dialect;
import dev.tandem.fleet.InstanceRegistry.ConnectionSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one {@link TableRuleSource} (and so one registered instance) among all the connections of the JVM
 * that read the same table in the same database with the same settings, the way
 * {@link dev.tandem.rules.RuleSourceRegistry} shares a rule file. Reference-counted: the last release
 * closes the source, which leaves the instance registry; so does the JVM's exit, for every source still
 * open (a shutdown hook), so that the fleet does not wait for an instance that is gone until its lease
 * lapses. The registry's lock is never held while the database is read.
 *
 * <p>Thread-safe. {@link #shared()} is the JVM's; tests may make their own.
 */
public final class TableRuleSources {
  private static final TableRuleSources SHARED = new TableRuleSources();

  /** What tells sources apart: the database (URL without secrets, user, schema), the table and the settings. */
  private record Key(String database, String table, TableRuleSource.Settings settings) {}

  /** One shared source; opened by its first user, outside the registry's lock. */
  private static final class Entry {
    private TableRuleSource source;
    int users;

    synchronized TableRuleSource open(Key key, Dialect dialect, ConnectionSource connections) throws SQLException {
      if (source == null) {
        source = TableRuleSource.open(key.table(), key.database(), dialect, connections, key.settings());
      }
      return source;
    }

    synchronized TableRuleSource opened() {
      return source;
    }
  }

  private final Map<Key, Entry> entries = new HashMap<>();
  private boolean hooked;

  /** The registry shared by every Tandem connection in this JVM. */
  public static TableRuleSources shared() {
    return SHARED;
  }

  /**
   * The source for {@code table} in {@code database}, opened (its rules read, the instance registered) if
   * no one holds it yet. The caller closes the lease when done, typically when its connection closes.
   *
   * @param connections opens the source's own vendor connections; used only when it has to be opened
   * @throws SQLException when the source has to be opened and its rules cannot be read; nothing is
   *     registered then, so the next attempt reads again
   */
  public Lease acquire(String database, String table, Dialect dialect, ConnectionSource connections,
      TableRuleSource.Settings settings) throws SQLException {
    Key key = new Key(database, table, settings);
    Entry entry;
    synchronized (this) {
      entry = entries.computeIfAbsent(key, k -> new Entry());
      entry.users++;
      if (!hooked) {
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "tandem-fleet-leave"));
      }
    }
    try {
      return new Lease(key, entry, entry.open(key, dialect, connections));
    } catch (SQLException | RuntimeException | Error e) {
      release(key, entry);
      throw e;
    }
  }

  private void release(Key key, Entry entry) {
    synchronized (this) {
      if (entries.get(key) != entry || --entry.users > 0) {
        return;
      }
      entries.remove(key);
    }
    TableRuleSource source = entry.opened();
    if (source != null) {
      source.close();
    }
  }

  /** The JVM exits: every instance still registered leaves. */
  private void closeAll() {
    List<Entry> open;
    synchronized (this) {
      open = new ArrayList<>(entries.values());
      entries.clear();
    }
    for (Entry entry : open) {
      TableRuleSource source = entry.opened();
      if (source != null) {
        source.close();
      }
    }
  }

  /** A hold on a shared {@link TableRuleSource}; closing it (once or more) releases the hold. */
  public final class Lease implements AutoCloseable {
    private final Key key;
    private final Entry entry;
    private final TableRuleSource source;
    private boolean released;

    private Lease(Key key, Entry entry, TableRuleSource source) {
      this.key = key;
      this.entry = entry;
      this.source = source;
    }

    public TableRuleSource source() {
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
