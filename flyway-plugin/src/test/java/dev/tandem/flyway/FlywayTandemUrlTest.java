package dev.tandem.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flyway given a {@code jdbc:tandem:} URL (as {@code spring.flyway.url} or the Flyway CLI give it)
 * migrates through Tandem: the vendor's Flyway type runs the migrations, DDL reaches the database as
 * written, and a data migration on a moved table is rewritten like the application's statements.
 */
class FlywayTandemUrlTest {

  private static String rules() throws URISyntaxException {
    return Path.of(FlywayTandemUrlTest.class.getResource("/flyway-plugin-rules.yaml").toURI()).toString();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migrate_overTheTandemUrl_runsEveryMigrationThroughTandem(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      String url = db.tandemUrl("tandem.rules", rules());
      MigrateResult result = Flyway.configure()
          .dataSource(url, null, null)
          .locations("classpath:db/flyway-plugin")
          .load()
          .migrate();

      assertThat(result.success).isTrue();
      assertThat(result.migrationsExecuted).isEqualTo(4);
      // The vendor's own type talked to the database, not Tandem's.
      assertThat(result.database).isNotEqualToIgnoringCase("Tandem");
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement()) {
        // V3's INSERT named only the old column; through Tandem in expand it wrote both.
        try (ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("ann@example.com");
          assertThat(rs.getString(2)).isEqualTo("ann@example.com");
        }
        // V4's view reads email as written: DDL is never rewritten (no COALESCE in its definition).
        try (ResultSet rs = s.executeQuery("SELECT email FROM customer_email WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("ann@example.com");
        }
        s.executeUpdate("UPDATE customer SET email = 'raw@example.com' WHERE id = 1");
        try (ResultSet rs = s.executeQuery("SELECT email FROM customer_email WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("raw@example.com");
        }
      }
      // Flyway's history, read again through the Tandem URL: nothing left to run.
      assertThat(Flyway.configure().dataSource(url, null, null).locations("classpath:db/flyway-plugin").load()
          .info().pending()).isEmpty();
    }
  }

  @Test
  void tandemUrlAroundAnUnknownVendor_failsNamingTheUrlInside() {
    assertThatThrownBy(() -> Flyway.configure().dataSource("jdbc:tandem:nosuchdb://localhost/x", null, null)
        .load().migrate())
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("jdbc:nosuchdb://localhost/x");
  }

  @Test
  void innerUrl_isTheVendorUrl() {
    assertThat(TandemDatabaseType.inner("jdbc:tandem:postgresql://db:5432/app?user=u"))
        .isEqualTo("jdbc:postgresql://db:5432/app?user=u");
    assertThat(new TandemDatabaseType().handlesJDBCUrl("JDBC:TANDEM:h2:mem:x")).isTrue();
    assertThat(new TandemDatabaseType().handlesJDBCUrl("jdbc:h2:mem:x")).isFalse();
  }
}
