package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that nothing an end user types reaches SQL text or logs, and that passwords never appear
 * in messages (SPEC §4, §8, §9):
 * <ul>
 *   <li>a hostile parameter value is stored verbatim, and the SQL sent holds only {@code ?} markers;
 *   <li>with {@code dev.tandem} logging at every level, a secret bound as a parameter, and a refused
 *       statement sent anyway under {@code tandem.onUnparseable=passthrough}, never appear in a log record;
 *   <li>{@code password=s3cret} appears in no driver error (bad URL, unreachable server); the CLI's
 *       messages are checked in the cli module ({@code dev.tandem.cli.CliSecretsTest}).
 * </ul>
 * The YAML loader's refusal of type tags and alias bombs is proved in {@code rules/}
 * ({@code MalformedRuleFilesTest}, with {@code alias-bomb.yaml}; {@code RuleFileLoaderTest}).
 */
class SecurityTest {
  private static final String HOSTILE = "'); DROP TABLE customer; --";
  private static final String SECRET = "secret-4711-value";

  @TempDir
  Path dir;

  /** Everything logged under {@code dev.tandem} while it is open. */
  private static final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.tandem");
    private final Level previous = logger.getLevel();
    private final List<String> lines = new ArrayList<>();

    CapturedLog() {
      logger.setLevel(Level.ALL);
      logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      StringWriter text = new StringWriter();
      text.append(record.getMessage()).append(' ').append(String.valueOf(java.util.Arrays.toString(record.getParameters())));
      if (record.getThrown() != null) {
        record.getThrown().printStackTrace(new PrintWriter(text));
      }
      lines.add(text.toString());
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setLevel(previous);
    }
  }

  @Test
  void hostileParameter_isStoredVerbatim_andNeverInTheSqlSentNorTheLog() throws Exception {
    RuleFile rules = new RuleFile(dir, false);
    rules.write(Phase.EXPAND);
    try (CapturedLog log = new CapturedLog(); TestDatabase db = TestDatabases.fresh(Engine.H2)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      String sql = "INSERT INTO customer (id, email) VALUES (?, ?)";
      try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.rules", rules.path().toString(),
          "tandem.onUnparseable", "passthrough"));
          PreparedStatement insert = c.prepareStatement(sql);
          PreparedStatement update = c.prepareStatement("UPDATE customer SET email_address = ? WHERE id = ?")) {
        insert.setInt(1, 1);
        insert.setString(2, HOSTILE);
        insert.executeUpdate();
        update.setString(1, SECRET);
        update.setInt(2, 1);
        update.executeUpdate();
        update.setString(1, HOSTILE);
        update.executeUpdate();
        // Refused by the rewriter (it does not parse), sent anyway under passthrough, and failing in H2.
        try (Statement s = c.createStatement()) {
          assertThatThrownBy(() -> s.execute("UPDATE customer SET email = '" + SECRET + "' WHERE (")).isInstanceOf(SQLException.class);
        }
        String sent = c.unwrap(TandemConnection.class).plan(sql).sql();
        assertThat(sent).isEqualTo("INSERT INTO customer (id, email, email_address) VALUES (?, ?, ?)");
      }
      try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 1")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(HOSTILE);
        assertThat(rs.getString(2)).isEqualTo(HOSTILE);
      }
      assertThat(log.lines()).as("something was logged (the passthrough warning)").isNotEmpty();
      assertThat(String.join("\n", log.lines())).doesNotContain(SECRET).doesNotContain("DROP TABLE");
    }
  }

  @Test
  void driverErrors_neverShowThePassword() {
    for (String url : List.of(
        "jdbc:tandem:postgresql://127.0.0.1:1/db?user=u&password=s3cret&tandem.rules=/no/such/file.yaml",
        "jdbc:tandem:postgresql://127.0.0.1:1/db?user=u&password=s3cret",
        "jdbc:tandem:postgresql://127.0.0.1:1/db?user=u&password=s3cret&tandem.reloadIntervalMs=soon",
        "jdbc:tandem:nosuchvendor://h/db?password=s3cret")) {
      assertThatThrownBy(() -> DriverManager.getConnection(url).close())
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(stackTrace(e)).as(url).doesNotContain("s3cret"));
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
