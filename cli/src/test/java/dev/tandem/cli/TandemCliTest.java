package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every command shares: help, exit codes, usage errors, masked passwords. */
class TandemCliTest {

  @Test
  void help_listsTheCommandsAndTheExitCodes() {
    Cli.Run run = Cli.run("--help");

    assertThat(run.exitCode()).isEqualTo(TandemCli.OK);
    assertThat(run.out()).contains("check", "backfill", "triggers", "Exit codes:", "lib/")
        .containsPattern("0\\s+done").containsPattern("1\\s+check found problems").containsPattern("2\\s+usage error")
        .containsPattern("3\\s+runtime error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"check", "backfill", "triggers"})
  void help_ofEveryCommand_describesItWithAnExample(String command) {
    Cli.Run run = Cli.run(command, "--help");

    assertThat(run.exitCode()).isEqualTo(TandemCli.OK);
    assertThat(run.out()).contains("Usage: tandem " + command).contains("--rules=FILE").contains("Example:");
  }

  @Test
  void version_isPrinted() {
    Cli.Run run = Cli.run("--version");

    assertThat(run.exitCode()).isEqualTo(TandemCli.OK);
    assertThat(run.out()).startsWith("tandem ");
  }

  @Test
  void noCommand_isAUsageError() {
    Cli.Run run = Cli.run();

    assertThat(run.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(run.err()).contains("name a command: check, backfill or triggers");
  }

  @Test
  void missingOption_isAUsageError() {
    Cli.Run run = Cli.run("check", "--url", "jdbc:h2:mem:x");

    assertThat(run.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(run.err()).contains("Missing required option: '--rules=FILE'");
  }

  @Test
  void invalidRuleFile_isAUsageErrorWithFileAndLine(@TempDir Path folder) throws Exception {
    Path rules = Files.writeString(folder.resolve("rules.yaml"), "version: 1\nmoves:\n  - {table: t, from: a, to: b,"
        + " phse: expand}\n");

    Cli.Run run = Cli.run("triggers", "--rules", rules.toString(), "--dialect", "postgresql");

    assertThat(run.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(run.err()).startsWith("tandem triggers: " + rules + ":3:").contains("phse");
  }

  @Test
  void unreachableDatabase_isARuntimeErrorWithThePasswordMasked() {
    Cli.Run run = Cli.run("check", "--rules", Cli.example("customer-email-rename.yaml"), "--url",
        "jdbc:tandem:nosuchdb://db.example:1/app?user=ops&password=hunter2");

    assertThat(run.exitCode()).isEqualTo(TandemCli.FAILURE);
    assertThat(run.err()).contains("no JDBC driver on the class path accepts jdbc:nosuchdb://db.example:1/app?user=ops"
        + "&password=***").contains("in the distribution's lib/ folder").doesNotContain("hunter2");
    assertThat(run.out()).doesNotContain("hunter2");
  }
}
