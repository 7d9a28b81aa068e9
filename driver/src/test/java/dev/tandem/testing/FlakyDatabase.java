package dev.tandem.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A database the test can take away: connections to {@code db} that fail, like a lost network, while
 * {@link #down} is set, both when opened and when used (already open ones too); {@code close} and
 * {@code isClosed} keep working.
 */
public final class FlakyDatabase {
  private final TestDatabase db;
  private final AtomicBoolean down = new AtomicBoolean();

  public FlakyDatabase(TestDatabase db) {
    this.db = db;
  }

  /** Takes the database away ({@code true}) or brings it back. */
  public void down(boolean unreachable) {
    down.set(unreachable);
  }

  /** A connection that fails while the database is down. */
  public Connection open() throws SQLException {
    failIfDown();
    Connection real = db.openRaw();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("close") && !method.getName().equals("isClosed")) {
            failIfDown();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private void failIfDown() throws SQLException {
    if (down.get()) {
      throw new SQLException("connection refused (the test took the database away)", "08S01");
    }
  }
}
