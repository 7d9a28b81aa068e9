package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes that never pass through SQL text (SPEC §6): an updatable result set over a moved table
 * would write the old column only, so {@code updateRow()} and {@code insertRow()} are refused; a
 * result set over another table still writes.
 */
class WritesWithoutSqlEndToEndTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void updatableResultSet_overAMovedTable_isRefusedBeforeWriting(Engine engine) throws Exception {
    try (TestDatabase db = EndToEndFixture.schema(engine, "INSERT INTO customer VALUES (1, 'a@x', 'a@x')");
        Connection c = EndToEndFixture.connect(db, dir, "expand")) {
      try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
          ResultSet rs = s.executeQuery("SELECT id, email FROM customer WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        rs.updateString("email", "changed@x");
        assertThatThrownBy(rs::updateRow)
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("customer.email->email_address");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, email FROM customer",
          ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE); ResultSet rs = ps.executeQuery()) {
        rs.moveToInsertRow();
        rs.updateInt("id", 2);
        rs.updateString("email", "new@x");
        assertThatThrownBy(rs::insertRow).hasMessageContaining("insertRow()");
      }
      try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
          ResultSet rs = s.executeQuery("SELECT id, sent_at FROM message WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        rs.updateTimestamp("sent_at", java.sql.Timestamp.valueOf("2030-01-01 00:00:00"));
        rs.updateRow();
      }
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*), min(email), min(email_address) FROM customer")) {
        rs.next();
        assertThat(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3)).isEqualTo("1 a@x a@x");
      }
    }
  }
}
