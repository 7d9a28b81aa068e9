package dev.tandem.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Exits 0 when a PostgreSQL server answers at the URL given, 1 otherwise (used by run.sh). */
public final class PostgresProbe {
  private PostgresProbe() {}

  public static void main(String[] args) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(args.length > 0 ? args[0] : PostgresDualWriteBenchmark.DEFAULT_URL)) {
      System.exit(c.isValid(3) ? 0 : 1);
    } catch (SQLException e) {
      System.exit(1);
    }
  }
}
