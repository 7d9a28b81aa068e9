package dev.tandem.reliability;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What running one statement gave the application: the rows of a query (each column's label, and
 * each value with its Java class), an update count, or the SQLState of an error. Two results are
 * compared as the application would notice a difference: same labels, same classes, equal values
 * ({@link BigDecimal} with its scale).
 */
record DifferentialResult(List<String> labels, List<List<Object>> rows, long updateCount, String sqlState,
    String error) {
  /** A label an engine makes up for an unlabelled expression ({@code PRICE + 1}, {@code ?column?}) is not compared. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static DifferentialResult run(Connection c, String sql, List<Object> parameters) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      if (!ps.execute()) {
        return new DifferentialResult(List.of(), List.of(), ps.getUpdateCount(), null, null);
      }
      try (ResultSet rs = ps.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          labels.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= labels.size(); i++) {
            row.add(rs.getObject(i));
          }
          rows.add(row);
        }
        return new DifferentialResult(labels, rows, -1, null, null);
      }
    } catch (SQLException e) {
      return new DifferentialResult(List.of(), List.of(), -1, String.valueOf(e.getSQLState()), e.getMessage());
    }
  }

  boolean failed() {
    return sqlState != null;
  }

  /** An integrity violation (duplicate key and the like): the reference may hit one, and then Tandem must too. */
  boolean integrityViolation() {
    return sqlState != null && sqlState.startsWith("23");
  }

  /** How the application would see {@code actual} differ from this (expected) result; empty when it would not. */
  List<String> differences(DifferentialResult actual) {
    List<String> out = new ArrayList<>();
    if (failed() || actual.failed()) {
      if (!(integrityViolation() && actual.integrityViolation())) {
        out.add("outcome: expected " + describe() + ", got " + actual.describe());
      }
      return out;
    }
    if (updateCount != actual.updateCount) {
      out.add("update count: expected " + updateCount + ", got " + actual.updateCount);
    }
    if (labels.size() != actual.labels.size()) {
      out.add("columns: expected " + labels + ", got " + actual.labels);
      return out;
    }
    for (int i = 0; i < labels.size(); i++) {
      if (NAME.matcher(labels.get(i)).matches() && !labels.get(i).equals(actual.labels.get(i))) {
        out.add("label of column " + (i + 1) + ": expected " + labels.get(i) + ", got " + actual.labels.get(i));
      }
    }
    if (rows.size() != actual.rows.size()) {
      out.add("rows: expected " + show(rows) + ", got " + show(actual.rows));
      return out;
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int i = 0; i < labels.size(); i++) {
        Object e = rows.get(r).get(i);
        Object a = actual.rows.get(r).get(i);
        if (!Objects.equals(e, a) || (e != null && e.getClass() != a.getClass())) {
          out.add("row " + (r + 1) + " " + labels.get(i) + ": expected " + show(e) + ", got " + show(a));
        }
      }
    }
    return out;
  }

  private String describe() {
    return failed() ? "error " + sqlState + " (" + error + ")" : labels.isEmpty() ? "update count " + updateCount
        : "rows " + show(rows);
  }

  private static String show(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(DifferentialResult::show).toList().toString();
    }
    return value == null ? "NULL" : value + " (" + value.getClass().getSimpleName() + ")";
  }

  /** The rows of {@code sql}, a line each, numbers compared by value ({@code 1.50} is {@code 1.5}). */
  static String rows(Connection c, String sql) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          out.append(i == 1 ? "" : " | ").append(v instanceof Number number
              ? new BigDecimal(number.toString()).stripTrailingZeros().toPlainString() : String.valueOf(v));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
