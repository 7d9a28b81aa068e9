package dev.tandem.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Flyway command line (its {@code Main}, as the {@code flyway} script runs it, with {@code tandem-flyway}
 * and the driver where its {@code drivers/} folder would put them) migrates over a {@code jdbc:tandem:} URL
 * in a process of its own: without the plugin it fails with "No Flyway database plugin found".
 */
class FlywayCommandLineTest {

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"}) // H2 in memory is not shared between processes
  void flywayMigrate_overTheTandemUrl_runsTheMigrationsThroughTandem(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      Path rules = Path.of(getClass().getResource("/flyway-plugin-rules.yaml").toURI());
      Path migrations = Path.of(getClass().getResource("/db/flyway-plugin").toURI());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder flyway = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "org.flywaydb.commandline.Main", "-skipCheckForUpdate", "-url=" + db.tandemUrl("tandem.rules",
          rules.toString()), "-locations=filesystem:" + migrations, "migrate")
          .redirectErrorStream(true)
          .redirectOutput(File.createTempFile("flyway-cli", ".log"));
      flyway.environment().put("REDGATE_DISABLE_TELEMETRY", "true");
      Process process = flyway.start();
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("flyway finished").isTrue();
      String output = Files.readString(flyway.redirectOutput().file().toPath(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("Successfully applied 4 migrations");
      // V3 named only the old column; through Tandem in expand it wrote both.
      assertThat(db.rows("SELECT id, email, email_address FROM customer ORDER BY id"))
          .isEqualTo("1:ann@example.com|ann@example.com");
      assertThat(db.rows("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL")).isEqualTo("4");
    }
  }
}
