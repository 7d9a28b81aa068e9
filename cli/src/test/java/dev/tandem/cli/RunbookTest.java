package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Walks the README's runbook as written: every {@code $ tandem …} line of its block runs through the
 * CLI and must succeed, every {@code sql>} line runs on the database, while an old application version
 * (a Tandem connection on {@code tandem.rules=table:tandem_rules}, writing and reading {@code email})
 * keeps going between the steps. At the end the old column is gone and the old version still writes and
 * reads through the new one. A runbook line that stops working, or a step out of order, fails this test.
 */
class RunbookTest {
  private static final Pattern BLOCK = Pattern.compile("<!-- runbook:start[^>]*-->\\s*```console\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern ARG = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void runbook_walksTheMoveWhileAnOldVersionRuns(Engine engine) throws Exception {
    List<String> lines = runbook();
    assertThat(lines).anyMatch(l -> l.startsWith("$ tandem phase")).anyMatch(l -> l.startsWith("sql>"));
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, yaml());
    try (TestDatabase db = TestDatabases.fresh(engine); Connection raw = db.openRaw()) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(320))",
          "INSERT INTO customer (id, email) VALUES (1, 'before@example.com')");
      AtomicReference<Connection> app = new AtomicReference<>();
      AtomicInteger nextId = new AtomicInteger(100);
      try {
        for (String line : lines) {
          if (line.startsWith("sql>")) {
            try (Statement s = raw.createStatement()) {
              s.execute(line.substring(4).trim());
            }
          } else if (line.startsWith("$ tandem ")) {
            if (line.startsWith("$ tandem phase") && line.contains(" contract ")) {
              // Before contract, the contract migration's gate must say no.
              Cli.Run early = Cli.run("check", "--rules", rules.toString(), "--url", db.vendorUrl(),
                  "--contract-migration", "--settle", "5");
              assertThat(early.exitCode()).as(early.toString()).isEqualTo(TandemCli.PROBLEMS);
              assertThat(early.err()).contains("contract migration of").contains("must wait")
                  .contains("in phase migrated");
            }
            Cli.Run run = Cli.run(args(line.substring("$ tandem ".length()), db.vendorUrl(), rules));
            assertThat(run.exitCode()).as("%s\n%s", line, run).isZero();
            if (line.startsWith("$ tandem fleet publish") && app.get() == null) {
              // Step 2's deploy: the old version comes up on the table rules.
              app.set(DriverManager.getConnection(db.tandemUrl("tandem.rules", "table:tandem_rules",
                  "tandem.reloadIntervalMs", "200", "tandem.leaseMs", "3000", "tandem.appVersion", "1.3")));
            }
          } else {
            continue;
          }
          if (app.get() != null) {
            oldVersionWritesAndReads(app.get(), nextId.getAndIncrement());
          }
        }
        // The old column is gone; the old version's statements still work, through email_address.
        // Only this test's own schema (PostgreSQL) or database (MariaDB): other tests' customer tables share the server.
        try (ResultSet rs = raw.getMetaData().getColumns(raw.getCatalog(), raw.getSchema(), "%", "%")) {
          List<String> columns = new ArrayList<>();
          while (rs.next()) {
            if (rs.getString("TABLE_NAME").equalsIgnoreCase("customer")) {
              columns.add(rs.getString("COLUMN_NAME").toLowerCase());
            }
          }
          assertThat(columns).contains("email_address").doesNotContain("email");
        }
        oldVersionWritesAndReads(app.get(), 999);
        try (Statement s = raw.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM customer WHERE email_address IS NULL")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).as("rows without the new value").isZero();
        }
      } finally {
        if (app.get() != null) {
          app.get().close();
        }
      }
    }
  }

  /** What version 1.3 does: writes a row naming {@code email} and reads it back by that name. */
  private static void oldVersionWritesAndReads(Connection app, int id) throws Exception {
    String email = "v13-" + id + "@example.com";
    try (PreparedStatement insert = app.prepareStatement("INSERT INTO customer (id, email) VALUES (?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, email);
      insert.executeUpdate();
    }
    try (PreparedStatement read = app.prepareStatement("SELECT email FROM customer WHERE id = ?")) {
      read.setInt(1, id);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("email")).isEqualTo(email);
      }
    }
  }

  /** The lines of the README's runbook block (commands, SQL and comments). */
  private static List<String> runbook() throws Exception {
    Path readme = Path.of(System.getProperty("tandem.readme", "../README.md"));
    Matcher block = BLOCK.matcher(Files.readString(readme));
    assertThat(block.find()).as("the runbook block in %s", readme).isTrue();
    List<String> lines = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.trim());
      }
    }
    return lines;
  }

  /** The rule file the runbook describes: the README's own YAML block. */
  private static String yaml() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("tandem.readme", "../README.md")));
    int runbook = readme.indexOf("## Runbook");
    Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(yaml.find(runbook)).isTrue();
    return yaml.group(1);
  }

  /** A runbook command's arguments, with {@code "$URL"} and {@code rules.yaml} made this test's. */
  private static String[] args(String command, String url, Path rules) {
    List<String> args = new ArrayList<>();
    Matcher m = ARG.matcher(command);
    while (m.find()) {
      String arg = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      args.add(arg.replace("$URL", url).replace("rules.yaml", rules.toString()));
    }
    return args.toArray(new String[0]);
  }
}
