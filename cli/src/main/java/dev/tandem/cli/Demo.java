package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * The demo: one column move walked from start to finish on embedded H2, the way an operator runs
 * it, with an old and a new application version working through Tandem at every step. It is the
 * conversation move Tandem comes from ({@code rules-examples/conversation-last-message-at.yaml}):
 * {@code conversation.last_message_id} is replaced by {@code conversation.last_message_at}, looked
 * up in {@code message}, one-way.
 *
 * <p>Every statement the versions send is printed as the application wrote it and as the database
 * received it; the demo ends with a consistency check of every row and fails (exit code 1) if any
 * row is inconsistent.
 */
public final class Demo {
  private static final String RULES_RESOURCE = "rules-examples/conversation-last-message-at.yaml";

  private final PrintWriter out;
  private final String url;
  private final Path rules;
  private int step;

  Demo(PrintWriter out, Path workDir) {
    this.out = out;
    this.url = "jdbc:h2:mem:tandem-demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    this.rules = workDir.resolve("conversation-last-message-at.yaml");
  }

  /** Runs the demo; returns the number of inconsistent rows found at the end (0 is success). */
  int run() throws Exception {
    try (Connection raw = DriverManager.getConnection(url)) {
      heading("Version 1 of the application is live: conversations point at their newest message");
      execute(raw, "CREATE TABLE message (id BIGINT PRIMARY KEY, conversation_id BIGINT, body VARCHAR(200),"
          + " sent_at TIMESTAMP)");
      execute(raw, "CREATE TABLE conversation (id BIGINT PRIMARY KEY, subject VARCHAR(100), last_message_id BIGINT)");
      for (int i = 1; i <= 3; i++) {
        execute(raw, "INSERT INTO message VALUES (" + i + ", " + i + ", 'hello " + i + "', TIMESTAMP '2026-01-0" + i
            + " 09:00:00')");
        execute(raw, "INSERT INTO conversation VALUES (" + i + ", 'conversation " + i + "', " + i + ")");
      }
      say("3 conversations and their messages exist; there is no last_message_at column yet.");

      heading("Expand migration: the new column is added (DDL through Tandem passes untouched)");
      execute(raw, "ALTER TABLE conversation ADD COLUMN last_message_at TIMESTAMP");
      writeRules(Phase.EXPAND);
      say("The operator installs " + rules.getFileName() + " with phase: expand.");

      try (TandemConnection v1 = connect(); TandemConnection v2 = connect()) {
        heading("Versions 1 and 2 run side by side (phase: expand)");
        say("Version 1 still writes last_message_id; Tandem writes last_message_at too:");
        postMessage(v1, 4, 1, "version 1 replies", "2026-03-01 10:00:00");
        say("Version 2 writes only last_message_at (one-way move: last_message_id stays NULL):");
        run(v2, "INSERT INTO conversation (id, subject, last_message_at) VALUES (?, ?, ?)",
            10L, "started by version 2", Timestamp.valueOf("2026-03-02 12:00:00"));
        say("Version 2 reads last_message_at; rows nobody backfilled yet are answered from last_message_id:");
        query(v2, "SELECT id, subject, last_message_at FROM conversation ORDER BY id");
        say("Version 1 reads what it always read:");
        query(v1, "SELECT id, last_message_id FROM conversation WHERE id = ?", 1L);

        heading("Backfill: last_message_at is filled from last_message_id in short batches");
        for (MoveRule move : v1.planner().rules().moves()) {
          Backfill.Result result = Backfill.of(move, BackfillDirection.FORWARD).batchSize(2).run(raw, Dialect.H2);
          say("filled " + result.filled() + " rows in " + result.batches() + " batches; "
              + result.stillLacking() + " still lack the value.");
        }

        heading("The operator switches the rule to phase: migrated");
        writeRules(Phase.MIGRATED);
        awaitPhase(Phase.MIGRATED, v1, v2);
        say("Reads pass through untouched now, so an index on last_message_at serves them:");
        query(v2, "SELECT id, subject, last_message_at FROM conversation ORDER BY last_message_at DESC");
        say("Writes still keep both columns in step:");
        postMessage(v1, 5, 2, "version 1 again", "2026-03-03 08:30:00");

        heading("The operator switches the rule to phase: contract");
        writeRules(Phase.CONTRACT);
        awaitPhase(Phase.CONTRACT, v1, v2);
        say("Version 1's writes of last_message_id are redirected to last_message_at:");
        postMessage(v1, 6, 3, "version 1, late", "2026-03-04 18:15:00");
        say("Version 1's reads of last_message_id cannot be answered by a one-way move, so they are refused:");
        try {
          query(v1, "SELECT id, last_message_id FROM conversation WHERE id = ?", 3L);
        } catch (SQLException e) {
          say("  refused (" + e.getSQLState() + "): " + e.getMessage());
        }
        say("(Retire the version 1 readers before this phase; the writers may keep running.)");

        heading("Contract migration: the old column is dropped while version 1 still writes");
        execute(raw, "ALTER TABLE conversation DROP COLUMN last_message_id");
        postMessage(v1, 7, 1, "version 1 after the drop", "2026-03-05 07:45:00");
        query(v2, "SELECT id, subject, last_message_at FROM conversation ORDER BY id");

        int inconsistent = consistency(raw);
        heading(inconsistent == 0 ? "Done: every row stayed consistent at every step" : "Done, with inconsistent rows");
        return inconsistent;
      }
    }
  }

  private TandemConnection connect() throws SQLException {
    String tandem = url.replace("jdbc:", "jdbc:tandem:") + ";tandem.rules=" + rules + ";tandem.reloadIntervalMs=50";
    return DriverManager.getConnection(tandem).unwrap(TandemConnection.class);
  }

  /** What version 1 does when a message is posted: insert it, then point the conversation at it. */
  private void postMessage(Connection v1, long messageId, long conversationId, String body, String sentAt)
      throws SQLException {
    run(v1, "INSERT INTO message (id, conversation_id, body, sent_at) VALUES (?, ?, ?, ?)",
        messageId, conversationId, body, Timestamp.valueOf(sentAt));
    run(v1, "UPDATE conversation SET last_message_id = ? WHERE id = ?", messageId, conversationId);
  }

  private void writeRules(Phase phase) throws IOException {
    String text;
    try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(RULES_RESOURCE)) {
      if (in == null) {
        throw new IOException(RULES_RESOURCE + " is not on the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text = text.replace("phase: expand", "phase: " + phase.yamlName());
    // Write beside and rename, as an operator's deployment tool would: readers never see half a file.
    Path next = rules.resolveSibling(rules.getFileName() + ".next");
    Files.writeString(next, text);
    Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Waits until every connection has picked up the edited rule file by itself. */
  private void awaitPhase(Phase phase, TandemConnection... connections) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (TandemConnection connection : connections) {
      while (phaseOf(connection) != phase) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the rule change to " + phase + " was not picked up within 10 s");
        }
        Thread.sleep(20);
      }
    }
    say("(both versions' connections picked up phase: " + phase.yamlName() + " by themselves, rule-set revision "
        + connections[0].planner().rules().revision() + ")");
  }

  private static Phase phaseOf(TandemConnection connection) {
    RuleSet current = connection.planner().rules();
    return current.isEmpty() ? null : current.moves().get(0).phase();
  }

  private void run(Connection c, String sql, Object... values) throws SQLException {
    show(c, sql);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, values);
      ps.executeUpdate();
    }
  }

  private void query(Connection c, String sql, Object... values) throws SQLException {
    show(c, sql);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, values);
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder("    |");
          for (int i = 1; i <= columns; i++) {
            row.append(' ').append(rs.getMetaData().getColumnLabel(i).toLowerCase()).append('=')
                .append(rs.getString(i)).append(" |");
          }
          out.println(row);
        }
      }
    }
  }

  private static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      ps.setObject(i + 1, values[i]);
    }
  }

  /** Prints the SQL as the application wrote it and, when Tandem changed it, as it is sent. */
  private void show(Connection c, String sql) throws SQLException {
    out.println("  app: " + sql);
    if (c instanceof TandemConnection tandem) {
      RewritePlan plan;
      try {
        plan = tandem.plan(sql);
      } catch (SQLException refused) {
        return; // executing it shows the refusal
      }
      if (plan.isRewritten()) {
        out.println("  db:  " + plan.sql());
        out.println("       parameters " + plan.parameters() + ", move " + String.join(", ", plan.movesApplied()));
      } else {
        out.println("  db:  (sent as written)");
      }
    }
  }

  /**
   * Every conversation's last_message_at must be the time of the newest message posted to it, by
   * whichever version posted it, and none may be missing.
   */
  private int consistency(Connection raw) throws SQLException {
    heading("Consistency check over a raw connection");
    try (Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN c.last_message_at IS NULL OR"
            + " (EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id) AND c.last_message_at <>"
            + " (SELECT MAX(m.sent_at) FROM message m WHERE m.conversation_id = c.id)) THEN 1 ELSE 0 END)"
            + " FROM conversation c")) {
      rs.next();
      long rows = rs.getLong(1);
      int bad = rs.getInt(2);
      say(rows + " conversations; " + bad + " whose last_message_at is missing or is not the time of their newest"
          + " message.");
      return bad;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private void heading(String text) {
    out.println();
    out.println(++step + ". " + text);
  }

  private void say(String text) {
    out.println("  " + text);
  }
}
