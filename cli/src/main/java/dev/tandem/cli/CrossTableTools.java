package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.CrossTableSql;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.Phase;
import dev.tandem.rules.TableName;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tandem check} and {@code tandem backfill} for a column moved to another table (docs/behaviour.md §13):
 * the tables and columns exist, both keys are unique, the two copies agree (required from {@code migrated}
 * on); the backfill copies the old column to the other table in key order, one batch per transaction.
 */
final class CrossTableTools {
  private CrossTableTools() {}

  /** What {@code tandem check} found: the problems (none when the move fits) and the rows whose copies differ. */
  record Report(CrossTableMove move, List<String> problems, long differing) {
    boolean fits() {
      return problems.isEmpty();
    }
  }

  static Report check(Connection c, Dialect dialect, CrossTableMove move) throws SQLException {
    List<String> problems = new ArrayList<>();
    requireColumn(c, move.table(), move.key(), problems);
    if (move.phase() != Phase.CONTRACT) {
      requireColumn(c, move.table(), move.from(), problems);
    }
    requireColumn(c, move.toTable(), move.toKey(), problems);
    requireColumn(c, move.toTable(), move.to(), problems);
    if (!problems.isEmpty()) {
      return new Report(move, problems, -1);
    }
    duplicates(c, dialect, move.table(), move.key(), problems);
    duplicates(c, dialect, move.toTable(), move.toKey(), problems);
    long differing = -1;
    if (move.phase() != Phase.CONTRACT) {
      differing = count(c, differing(move, dialect));
      if (move.phase() == Phase.MIGRATED && differing > 0) {
        problems.add(differing + " rows of " + move.table() + " have a " + move.from() + " that " + move.toTable()
            + "." + move.to() + " does not hold; run tandem backfill before migrated");
      }
    }
    return new Report(move, problems, differing);
  }

  /** Copies {@code table.from} into {@code toTable} for every row, in batches of {@code batchSize} keys; returns the rows copied. */
  static long backfill(Connection c, Dialect dialect, CrossTableMove move, int batchSize) throws SQLException {
    String key = move.key().sql(dialect);
    String table = CrossTableSql.table(move.table(), null, dialect);
    boolean autoCommit = c.getAutoCommit();
    long copied = 0;
    Object last = null;
    try {
      c.setAutoCommit(false);
      while (true) {
        List<Object> keys = new ArrayList<>();
        try (PreparedStatement next = c.prepareStatement("SELECT " + key + " FROM " + table
            + (last == null ? "" : " WHERE " + key + " > ?") + " ORDER BY " + key)) {
          next.setMaxRows(batchSize);
          if (last != null) {
            next.setObject(1, last);
          }
          try (ResultSet rs = next.executeQuery()) {
            while (rs.next()) {
              keys.add(rs.getObject(1));
            }
          }
        }
        if (keys.isEmpty()) {
          return copied;
        }
        String markers = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
        try (PreparedStatement copy = c.prepareStatement(CrossTableSql.copyToNew(move, null, markers, dialect))) {
          for (int i = 0; i < keys.size(); i++) {
            copy.setObject(i + 1, keys.get(i));
          }
          copy.executeUpdate();
        }
        c.commit();
        copied += keys.size();
        last = keys.get(keys.size() - 1);
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static String differing(CrossTableMove move, Dialect dialect) {
    String f = "t." + move.from().sql(dialect);
    String to = "n." + move.to().sql(dialect);
    return "SELECT COUNT(*) FROM " + CrossTableSql.table(move.table(), null, dialect) + " t LEFT JOIN "
        + CrossTableSql.table(move.toTable(), null, dialect) + " n ON n." + move.toKey().sql(dialect) + " = t."
        + move.key().sql(dialect) + " WHERE (n." + move.toKey().sql(dialect) + " IS NULL AND " + f + " IS NOT NULL)"
        + " OR (" + f + " IS NULL AND " + to + " IS NOT NULL) OR (" + f + " IS NOT NULL AND " + to + " IS NULL)"
        + " OR " + f + " <> " + to;
  }

  private static void duplicates(Connection c, Dialect dialect, TableName table, Identifier key, List<String> problems)
      throws SQLException {
    long n = count(c, "SELECT COUNT(*) FROM (SELECT " + key.sql(dialect) + " FROM "
        + CrossTableSql.table(table, null, dialect) + " GROUP BY " + key.sql(dialect) + " HAVING COUNT(*) > 1) d");
    if (n > 0) {
      problems.add(table + "." + key + " is not unique (" + n + " values occur more than once); the move pairs one"
          + " row with one row");
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void requireColumn(Connection c, TableName table, Identifier column, List<String> problems)
      throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = table.schema() == null ? null : table.schema().name();
    for (String t : List.of(table.table().name(), table.table().name().toUpperCase(), table.table().name()
        .toLowerCase())) {
      try (ResultSet rs = meta.getColumns(schema == null ? c.getCatalog() : null, schema, t, null)) {
        boolean tableSeen = false;
        while (rs.next()) {
          tableSeen = true;
          if (rs.getString("COLUMN_NAME").equalsIgnoreCase(column.name())) {
            return;
          }
        }
        if (tableSeen) {
          problems.add("column " + table + "." + column + " does not exist");
          return;
        }
      }
    }
    problems.add("table " + table + " does not exist");
  }
}
