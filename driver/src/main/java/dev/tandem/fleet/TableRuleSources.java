package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import dev.tandem.fleet.InstanceRegistry.ConnectionSource;
import dev.tandem.rules.SharedSources;
import java.sql.SQLException;

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

  private final SharedSources<Key, TableRuleSource> sources = new SharedSources<>(TableRuleSource::close);
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
    synchronized (this) {
      if (!hooked) {
        hooked = true;
        // The JVM exits: every instance still registered leaves.
        Runtime.getRuntime().addShutdownHook(new Thread(sources::closeAll, "tandem-fleet-leave"));
      }
    }
    return new Lease(sources.acquire(new Key(database, table, settings),
        () -> TableRuleSource.open(table, database, dialect, connections, settings)));
  }

  /** A hold on a shared {@link TableRuleSource}; closing it (once or more) releases the hold. */
  public static final class Lease implements AutoCloseable {
    private final SharedSources<?, TableRuleSource>.Lease held;

    private Lease(SharedSources<?, TableRuleSource>.Lease held) {
      this.held = held;
    }

    public TableRuleSource source() {
      return held.source();
    }

    @Override
    public void close() {
      held.close();
    }
  }
}
