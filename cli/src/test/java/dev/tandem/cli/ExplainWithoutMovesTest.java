package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tandem explain} on a rule file with no moves: the state before and after every migration. */
class ExplainWithoutMovesTest {

  @Test
  void explain_ruleFileWithNoMoves_showsTheStatementIsSentAsWritten(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "version: 1\nmoves: []\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = new CommandLine(new TandemCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("explain", "--rules", rules.toString(), "--dialect", "h2", "UPDATE customer SET email = ?");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("rules:      " + rules + " (no moves)").contains("result:     sent as written");
  }
}
