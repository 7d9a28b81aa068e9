package dev.tandem.jdbc;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The tenants' schemas (databases on MariaDB) the tenant tests make beside their own namespace. */
final class TenantNamespaces {
  private TenantNamespaces() {}

  /** Drops {@code tenants} on {@code db} (H2's go with the in-memory database) and closes {@code db}. */
  static void dropAndClose(TestDatabase db, String... tenants) throws SQLException {
    if (db == null) {
      return;
    }
    if (db.engine() != Engine.H2) {
      try (Connection c = db.openRaw(); Statement s = c.createStatement()) {
        String kind = db.engine() == Engine.MARIADB ? "DATABASE" : "SCHEMA";
        String cascade = db.engine() == Engine.POSTGRESQL ? " CASCADE" : "";
        for (String tenant : tenants) {
          s.execute("DROP " + kind + " IF EXISTS " + tenant + cascade);
        }
      }
    }
    db.close();
  }
}
