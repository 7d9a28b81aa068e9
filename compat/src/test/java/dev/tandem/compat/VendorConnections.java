package dev.tandem.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.testing.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Unwrapping a connection that a stack hands out, through Tandem, to the vendor's own type. */
final class VendorConnections {
  private VendorConnections() {}

  /** The vendor driver's connection type on {@code engine}. */
  static Class<?> vendorType(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> PGConnection.class;
      case MARIADB -> org.mariadb.jdbc.Connection.class;
      case H2 -> org.h2.jdbc.JdbcConnection.class;
    };
  }

  /**
   * Asserts that {@code connection} (a pool's or a framework's, Tandem underneath) unwraps to the
   * Tandem connection for Tandem's type and the JDBC interface, and to the vendor's connection for
   * the vendor's own type.
   */
  static void assertUnwraps(Connection connection, Engine engine) throws SQLException {
    assertThat(connection.isWrapperFor(TandemConnection.class)).isTrue();
    assertThat(connection.unwrap(TandemConnection.class).dialect()).isEqualTo(engine.dialect());
    Class<?> vendor = vendorType(engine);
    // Unwrapped to the JDBC interface, a connection still rewrites: it is Tandem's, or a wrapper of
    // the stack's own around it (Spring's ConnectionCallback hands out a close-suppressing proxy).
    Connection viaInterface = connection.unwrap(Connection.class);
    assertThat(viaInterface).isNotInstanceOf(vendor);
    assertThat(viaInterface.isWrapperFor(TandemConnection.class)).isTrue();
    assertThat(connection.isWrapperFor(vendor)).isTrue();
    Object unwrapped = connection.unwrap(vendor);
    assertThat(unwrapped).isInstanceOf(vendor).isNotInstanceOf(TandemConnection.class);
    if (unwrapped instanceof PGConnection pg) {
      assertThat(pg.getBackendPID()).isPositive();
    }
  }
}
