package dev.tandem.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import liquibase.command.CommandScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Liquibase 4.33 given a {@code jdbc:tandem:} URL, as its CLI, Maven plugin and
 * {@code spring.liquibase.url} give it: the changelog runs through Tandem, DDL as written, and a data
 * change on a moved table dual-written.
 */
class LiquibaseTandemUrlTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void update_overTheTandemUrl_runsTheChangelogThroughTandem(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      String rules = Path.of(LiquibaseTandemUrlTest.class.getResource("/liquibase-rules.yaml").toURI()).toString();
      new CommandScope("update")
          .addArgumentValue("url", db.tandemUrl("tandem.rules", rules))
          .addArgumentValue("changelogFile", "liquibase/changelog.sql")
          .execute();
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("ann@example.com");
          assertThat(rs.getString(2)).isEqualTo("ann@example.com");
        }
        s.executeUpdate("UPDATE customer SET email = 'raw@example.com' WHERE id = 1");
        try (ResultSet rs = s.executeQuery("SELECT email FROM customer_email WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("raw@example.com");
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + changeLogTable(engine))) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(4);
        }
      }
    }
  }

  private static String changeLogTable(Engine engine) {
    return engine == Engine.POSTGRESQL ? "databasechangelog" : "DATABASECHANGELOG";
  }
}
