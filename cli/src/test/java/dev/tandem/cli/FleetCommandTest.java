package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.fleet.InstanceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem fleet init | publish | status} on embedded H2 (the engines are covered by FleetTest). */
class FleetCommandTest {
  private final String url = "jdbc:h2:mem:fleet_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  @TempDir Path dir;

  @Test
  void init_print_showsTheDdlWithoutRunningIt() {
    Cli.Run run = Cli.run("fleet", "init", "--print", "--url", url);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("CREATE TABLE IF NOT EXISTS tandem_rules").contains("CREATE TABLE IF NOT EXISTS tandem_instances");
    assertThat(Cli.run("fleet", "status", "--url", url).exitCode()).as("no tables yet").isEqualTo(TandemCli.FAILURE);
  }

  @Test
  void publishAndStatus_followTheFleetToTheNewestRevision() throws Exception {
    assertThat(Cli.run("fleet", "init", "--url", url).exitCode()).isZero();
    String rules = Cli.example("customer-email-rename.yaml");
    Cli.Run published = Cli.run("fleet", "publish", "--url", url, "--rules", rules, "--by", "ops");
    assertThat(published.exitCode()).as(published.toString()).isZero();
    assertThat(published.out()).contains("as revision 1");

    try (InstanceRegistry instance = new InstanceRegistry(() -> DriverManager.getConnection(url), Dialect.H2,
        InstanceRegistry.Identity.ofThisProcess("app-1.4", "table:tandem_rules"), Duration.ofMinutes(5))) {
      instance.renew("1");
      Cli.Run status = Cli.run("fleet", "status", "--url", url);
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.out()).contains("newest revision: 1").contains("app-1.4")
          .contains("every live instance applies the newest revision");

      assertThat(Cli.run("fleet", "publish", "--url", url, "--rules", rules).out()).contains("as revision 2");
      Cli.Run behind = Cli.run("fleet", "status", "--url", url);
      assertThat(behind.exitCode()).as(behind.toString()).isEqualTo(TandemCli.PROBLEMS);
      assertThat(behind.out()).contains("BEHIND").contains("1 live instance(s) apply another revision");
    }
  }

  @Test
  void publish_refusesAFileThatDoesNotLoad_namingIt() throws Exception {
    assertThat(Cli.run("fleet", "init", "--url", url).exitCode()).isZero();
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "version: 1\nmoves:\n  - table: t\n    from: a\n    to: b\n    phase: finished\n");
    Cli.Run run = Cli.run("fleet", "publish", "--url", url, "--rules", bad.toString());
    assertThat(run.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(run.err()).contains(bad.toString()).contains("finished");
    assertThat(Cli.run("fleet", "status", "--url", url).out()).contains("none published");
  }
}
