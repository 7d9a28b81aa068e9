package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code password=s3cret} appears in no CLI message (SPEC §9); the driver's own errors and logs are
 * checked in the driver's {@code reliability/SecurityTest}.
 */
class CliSecretsTest {
  @Test
  void cliMessages_neverShowThePassword() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TandemCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    String rules = System.getProperty("tandem.rulesExamples") + "/customer-email-rename.yaml";

    int check = cli.execute("check", "--rules", rules, "--url", "jdbc:postgresql://127.0.0.1:1/db?user=u&password=s3cret");
    int backfill = cli.execute("backfill", "--rules", rules, "--url", "jdbc:mariadb://127.0.0.1:1/db?user=u&password=s3cret");

    assertThat(check).isNotZero();
    assertThat(backfill).isNotZero();
    assertThat(err.toString()).isNotEmpty();
    assertThat(out + "\n" + err).doesNotContain("s3cret");
  }
}
