package dev.tandem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An isolated namespace on one engine for one test: a fresh in-memory database on H2, a fresh
 * schema on PostgreSQL, a fresh database on MariaDB. Tables named plainly ({@code conversation})
 * land in it, so tests never see each other's tables. {@link #close()} drops it.
 */
public final class TestDatabase implements AutoCloseable {
  private final Engine engine;
  private final String vendorUrl;
  private final String namespace;
  private final String adminUrl;

  TestDatabase(Engine engine, String vendorUrl, String namespace, String adminUrl) {
    this.engine = engine;
    this.vendorUrl = vendorUrl;
    this.namespace = namespace;
    this.adminUrl = adminUrl;
  }

  public Engine engine() {
    return engine;
  }

  /** The vendor JDBC URL (credentials included) that reaches this namespace. */
  public String vendorUrl() {
    return vendorUrl;
  }

  /** The same URL behind Tandem: {@code jdbc:tandem:…}. */
  public String tandemUrl() {
    return "jdbc:tandem:" + vendorUrl.substring("jdbc:".length());
  }

  /**
   * The Tandem URL with Tandem settings added, e.g. {@code tandemUrl("tandem.rules", path)}. Settings
   * go where the vendor URL keeps its own: after {@code ;} on H2, in the query string elsewhere.
   */
  public String tandemUrl(String... keyValues) {
    StringBuilder url = new StringBuilder(tandemUrl());
    for (int i = 0; i < keyValues.length; i += 2) {
      if (engine == Engine.H2) {
        url.append(';');
      } else {
        url.append(url.indexOf("?") < 0 ? '?' : '&');
      }
      url.append(keyValues[i]).append('=').append(keyValues[i + 1]);
    }
    return url.toString();
  }

  /** The name of the schema (PostgreSQL), database (MariaDB) or in-memory database (H2). */
  public String namespace() {
    return namespace;
  }

  /** A connection straight to the vendor driver, bypassing Tandem: to check what really is stored. */
  public Connection openRaw() throws SQLException {
    return DriverManager.getConnection(vendorUrl);
  }

  /** Runs statements on a raw connection, one after the other. */
  public void execute(String... sql) throws SQLException {
    try (Connection c = openRaw(); Statement s = c.createStatement()) {
      for (String each : sql) {
        s.execute(each);
      }
    }
  }

  /**
   * The rows {@code sql} reads on a raw connection, compact for assertions: {@code "1:a|b 2:c|null"}, the first
   * column before the colon and the others after it, separated by bars, rows by spaces.
   */
  public String rows(String sql) throws SQLException {
    StringBuilder rows = new StringBuilder();
    try (Connection c = openRaw(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        rows.append(rows.length() == 0 ? "" : " ").append(rs.getString(1));
        for (int i = 2; i <= columns; i++) {
          rows.append(i == 2 ? ':' : '|').append(rs.getString(i));
        }
      }
    }
    return rows.toString();
  }

  @Override
  public void close() throws SQLException {
    switch (engine) {
      case H2:
        try (Connection c = openRaw(); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        }
        break;
      case POSTGRESQL:
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + namespace + " CASCADE");
        }
        break;
      case MARIADB:
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + namespace);
        }
        break;
      default:
        throw new IllegalStateException(engine.name());
    }
  }

  @Override
  public String toString() {
    return engine + ":" + namespace;
  }
}
