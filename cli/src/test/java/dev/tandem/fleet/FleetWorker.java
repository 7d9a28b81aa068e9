package dev.tandem.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One application instance of {@link FleetProcessesTest}, run in its own JVM: it opens a Tandem connection
 * with {@code tandem.rules=table:tandem_rules} and, until the stop file appears, writes its own rows of
 * {@code account} (updates and inserts) through the column its version names ({@code a} for the old
 * version, {@code b} for the new) and reads each value back at once. No other instance writes its rows, so
 * every read must return what it just wrote; a different value is a stale read. Each round it also reads
 * both columns of a random row, its own or another instance's: whatever phase each instance is in, the
 * application must see one value through both names (the move's transforms are the identity), so two
 * different values mean one column went stale behind an instance's back. Refused statements
 * (SQLState 0A000) are counted, not failures. Prints one summary line and exits 0 when nothing was stale
 * and nothing else failed.
 *
 * <p>Arguments: the Tandem URL, the instance's number (0, 1, 2: it owns the rows whose id modulo 3 is its
 * number), its version ({@code old} or {@code new}) and the stop file.
 */
public final class FleetWorker {
  private FleetWorker() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int number = Integer.parseInt(args[1]);
    String column = args[2].equals("new") ? "b" : "a";
    Path stop = Path.of(args[3]);
    Random random = new Random(number);
    List<Integer> rows = new ArrayList<>();
    for (int id = 1; id <= FleetProcessesTest.SEEDED_ROWS; id++) {
      if (id % 3 == number) {
        rows.add(id);
      }
    }
    long writes = 0;
    long stale = 0;
    long refused = 0;
    long failed = 0;
    int inserted = 0;
    long deadline = System.nanoTime() + 120_000_000_000L; // never outlive a broken test by much
    try (Connection c = DriverManager.getConnection(url)) {
      while (!Files.exists(stop) && System.nanoTime() < deadline) {
        String value = "w" + number + "-" + writes;
        int id;
        try {
          if (random.nextInt(10) == 0) {
            id = 1000 + number * 100_000 + inserted;
            update(c, "INSERT INTO account (id, " + column + ") VALUES (?, ?)", value, id);
            inserted++;
            rows.add(id);
          } else {
            id = rows.get(random.nextInt(rows.size()));
            if (update(c, "UPDATE account SET " + column + " = ? WHERE id = ?", value, id) != 1) {
              System.out.println("FAILED update of row " + id + " changed no row");
              failed++;
            }
          }
          writes++;
          String read = read(c, "SELECT " + column + " FROM account WHERE id = ?", id);
          if (!value.equals(read)) {
            stale++;
            System.out.println("STALE row " + id + " column " + column + ": wrote " + value + ", read " + read);
          }
          int any = 1 + random.nextInt(FleetProcessesTest.SEEDED_ROWS);
          String both = read(c, "SELECT a, b FROM account WHERE id = ?", any);
          String[] ab = both.split("\\|", -1);
          if (ab.length != 2 || !ab[0].equals(ab[1])) {
            stale++;
            System.out.println("DIVERGED row " + any + " reads a|b = " + both);
          }
        } catch (SQLException e) {
          if ("0A000".equals(e.getSQLState())) {
            refused++;
            if (refused <= 3) {
              System.out.println("REFUSED " + e.getMessage());
            }
          } else {
            failed++;
            System.out.println("FAILED " + e);
          }
        }
        Thread.sleep(5);
      }
    }
    System.out.println("DONE writes=" + writes + " stale=" + stale + " refused=" + refused + " failed=" + failed);
    System.exit(stale == 0 && failed == 0 ? 0 : 1);
  }

  /** Executes {@code sql} with markers {@code (value, id)}, or {@code (id, value)} for an insert. */
  private static int update(Connection c, String sql, String value, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      boolean insert = sql.startsWith("INSERT");
      ps.setObject(insert ? 1 : 2, id);
      ps.setString(insert ? 2 : 1, value);
      return ps.executeUpdate();
    }
  }

  private static String read(Connection c, String sql, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "(no row)";
        }
        StringBuilder columns = new StringBuilder(String.valueOf(rs.getString(1)));
        for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
          columns.append('|').append(rs.getString(i));
        }
        return columns.toString();
      }
    }
  }
}
