package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code SELECT *} over a moved table is expanded from cached table metadata. When a migration
 * drops a column while the application runs, the database reports an unknown column; Tandem then
 * re-reads the metadata and runs the statement once more, so the application never sees it.
 */
class StaleMetadataTest {
  private static final String RULES = "version: 1\nmoves:\n  - table: customer\n    from: email\n"
      + "    to: email_address\n    phase: expand\n";

  @TempDir
  Path dir;

  private static List<String> labels(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      labels.add(meta.getColumnLabel(i).toLowerCase());
    }
    return labels;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void selectStar_afterAColumnIsDropped_isPlannedAgainFromFreshMetadata(Engine engine) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100),"
          + " nickname VARCHAR(20))", "INSERT INTO customer VALUES (1, 'old@x', NULL, 'nick')");
      try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.rules", rules.toString()));
          PreparedStatement ps = c.prepareStatement("SELECT * FROM customer WHERE id = ?");
          Statement s = c.createStatement()) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(labels(rs)).containsExactly("id", "email", "email_address", "nickname");
        }

        db.execute("ALTER TABLE customer DROP COLUMN nickname");

        try (ResultSet rs = ps.executeQuery()) {
          assertThat(labels(rs)).containsExactly("id", "email", "email_address");
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("email_address")).as("coalesced from email").isEqualTo("old@x");
        }
        try (ResultSet rs = s.executeQuery("SELECT * FROM customer")) {
          assertThat(labels(rs)).containsExactly("id", "email", "email_address");
        }
      }
    }
  }
}
