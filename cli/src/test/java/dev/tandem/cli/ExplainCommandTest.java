package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExplainCommandTest {
  private static final String RULES = System.getProperty("tandem.rulesExamples") + "/conversation-last-message-at.yaml";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new TandemCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void explain_rewrittenWrite_showsSqlParametersAndMove() {
    int exit = run("explain", "--rules", RULES, "--dialect", "postgresql",
        "UPDATE conversation SET last_message_id = ? WHERE id = ?");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("result:     rewritten by conversation-last-message-at")
        .contains("sent:       UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m WHERE"
            + " m.id = ?), last_message_id = ? WHERE id = ?")
        .contains("parameters: {1->[1, 2], 2->[3]}");
  }

  @Test
  void explain_otherTable_isSentAsWritten() {
    assertThat(run("explain", "--rules", RULES, "--dialect", "h2", "SELECT 1")).isZero();
    assertThat(out.toString()).contains("result:     sent as written");
  }

  @Test
  void explain_refusedStatement_givesTheReasonAndExitCode1() {
    int exit = run("explain", "--rules", RULES, "--dialect", "mariadb",
        "UPDATE conversation SET last_message_id = (SELECT MAX(id) FROM message WHERE rand() > 0.5)");
    assertThat(exit).isEqualTo(TandemCli.PROBLEMS);
    assertThat(out.toString()).contains("refused (SQLState 0A000)").contains("rand()");
  }

  @Test
  void explain_withoutDialectOrUrl_isAUsageError() {
    assertThat(run("explain", "--rules", RULES, "SELECT 1")).isEqualTo(TandemCli.USAGE);
    assertThat(err.toString()).contains("give --dialect, or --url");
  }

  @Test
  void explain_schemaGiven_rewritesForThatTenantOnly() {
    String tenants = System.getProperty("tandem.rulesExamples") + "/tenant-by-tenant.yaml";
    int exit = run("explain", "--rules", tenants, "--dialect", "postgresql", "--schema", "tenant_b",
        "UPDATE customer SET email = ? WHERE id = ?");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("result:     rewritten by tenant-b-email")
        .contains("sent:       UPDATE customer SET email_address = ?, email = ? WHERE id = ?");
  }

  @Test
  void explain_schemaNotGiven_refusesAnUnqualifiedTenantTable() {
    String tenants = System.getProperty("tandem.rulesExamples") + "/tenant-by-tenant.yaml";
    assertThat(run("explain", "--rules", tenants, "--dialect", "mariadb", "UPDATE customer SET email = ?"))
        .isEqualTo(TandemCli.PROBLEMS);
    assertThat(out.toString()).contains("refused (SQLState 0A000)").contains("tenant_a.customer only");
  }
}
