package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.MoveRule;
import org.junit.jupiter.api.Test;

/** The printed scripts are exactly {@link TriggerScripts}' statements, which TriggerScriptsTest installs. */
class TriggersCommandTest {
  private static final String RENAME = Cli.example("customer-email-rename.yaml");

  @Test
  void triggers_postgresql_printsTheCreateStatementsEachEndedBySemicolon() throws Exception {
    MoveRule move = MoveTables.move("customer-email-rename.yaml");

    Cli.Run run = Cli.run("triggers", "--rules", RENAME, "--dialect", "postgresql");

    assertThat(run.exitCode()).isEqualTo(TandemCli.OK);
    assertThat(run.out()).startsWith("-- Installs the triggers")
        .contains(String.join(";\n", TriggerScripts.of(Dialect.POSTGRESQL).create(move)) + ";\n");
  }

  @Test
  void triggers_mysqlDrop_printsTheMariadbDropStatements() throws Exception {
    MoveRule move = MoveTables.move("customer-email-rename.yaml");

    Cli.Run run = Cli.run("triggers", "--rules", RENAME, "--dialect", "mysql", "--drop");

    assertThat(run.exitCode()).isEqualTo(TandemCli.OK);
    assertThat(run.out()).startsWith("-- Drops the triggers").doesNotContain("CREATE")
        .contains(String.join(";\n", TriggerScripts.of(Dialect.MARIADB).drop(move)) + ";\n");
  }

  @Test
  void triggers_h2OrUnknownDialect_isAUsageError() {
    Cli.Run h2 = Cli.run("triggers", "--rules", RENAME, "--dialect", "h2");
    Cli.Run oracle = Cli.run("triggers", "--rules", RENAME, "--dialect", "oracle");

    assertThat(h2.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(h2.err()).contains("H2 triggers are Java classes");
    assertThat(oracle.exitCode()).isEqualTo(TandemCli.USAGE);
    assertThat(oracle.err()).contains("unknown dialect 'oracle'");
  }
}
