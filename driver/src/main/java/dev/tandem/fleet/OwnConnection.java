package dev.tandem.fleet;

import dev.tandem.fleet.InstanceRegistry.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one vendor connection a fleet component keeps for itself (auto-commit, never one of the
 * application's), opened on first use and opened again after {@link #drop()}, which its users call
 * when a statement on it fails. Not thread-safe: its owner serialises its use.
 */
final class OwnConnection {
  private final ConnectionSource source;
  private Connection connection;

  OwnConnection(ConnectionSource source) {
    this.source = source;
  }

  /** The connection, opened now if there is none or it was closed. */
  Connection get() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = source.open();
      connection.setAutoCommit(true);
    }
    return connection;
  }

  /** Closes the connection (it failed, or is no longer wanted); the next {@link #get()} opens another. */
  void drop() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the connection failed or is no longer wanted; its close failing says nothing new
      }
    }
  }
}
