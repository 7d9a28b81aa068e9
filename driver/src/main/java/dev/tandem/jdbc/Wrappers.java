package dev.tandem.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper} semantics for hand-written wrappers (the generated forwarders have their own):
 * the wrapper answers for itself first, then the object it wraps.
 */
public final class Wrappers {
  private Wrappers() {}

  /** {@code wrapper} if it is an {@code iface}, else whatever {@code delegate.unwrap(iface)} gives. */
  public static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> iface) throws SQLException {
    return iface.isInstance(wrapper) ? iface.cast(wrapper) : delegate.unwrap(iface);
  }

  /** Whether {@code wrapper} is an {@code iface} or wraps one. */
  public static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> iface) throws SQLException {
    return iface.isInstance(wrapper) || delegate.isWrapperFor(iface);
  }
}
