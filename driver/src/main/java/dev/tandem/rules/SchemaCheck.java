package dev.tandem.rules;

import dev.tandem.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The connect-time check of SPEC §1: through {@link DatabaseMetaData}, the {@code to} column of
 * every move exists, and its {@code from} column too unless the move is in {@link Phase#CONTRACT}
 * (dropping {@code from} is the point of that phase).
 *
 * <p>Names are matched the way the database matches them ({@link Identifier#canonical}): folded to
 * lower case on PostgreSQL and upper case on H2 unless quoted in the rule file, and
 * case-insensitively on MariaDB, where the rule's "schema" is the database (JDBC catalog). A table
 * without a schema in the rule file is looked up where the connection resolves unqualified names:
 * {@link Connection#getSchema()}, or {@link Connection#getCatalog()} on MariaDB.
 *
 * <p>Every problem is reported, not just the first: the first is thrown, the others are chained
 * with {@link SQLException#setNextException}.
 */
public final class SchemaCheck {
  /** SQLSTATE of a missing table (ODBC "base table or view not found"). */
  public static final String MISSING_TABLE = "42S02";
  /** SQLSTATE of a missing column (ODBC "column not found"). */
  public static final String MISSING_COLUMN = "42S22";

  private SchemaCheck() {}

  /**
   * Checks that the columns of every move in {@code rules} exist.
   *
   * @throws SQLException naming the move and the missing table or column; or when metadata cannot be read
   */
  public static void verify(RuleSet rules, Connection connection, Dialect dialect) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    List<SQLException> problems = new ArrayList<>();
    for (MoveRule move : rules.moves()) {
      SQLException problem = check(move, connection, metadata, dialect);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      SQLException first = problems.get(0);
      problems.subList(1, problems.size()).forEach(first::setNextException);
      throw first;
    }
  }

  private static SQLException check(MoveRule move, Connection connection, DatabaseMetaData metadata,
      Dialect dialect) throws SQLException {
    boolean byCatalog = dialect == Dialect.MARIADB;
    Identifier ruleSchema = move.table().schema();
    String namespace = ruleSchema != null ? ruleSchema.canonical(dialect)
        : byCatalog ? connection.getCatalog() : connection.getSchema();
    Set<String> columns = columns(metadata, byCatalog, namespace, move.table().table(), dialect);
    if (columns.isEmpty()) {
      String where = byCatalog ? "database" : "schema";
      return new SQLException(move.describe() + ": table " + move.table() + " does not exist in " + where + " "
          + namespace + "; check the rule's table, or the connection's " + where, MISSING_TABLE);
    }
    String table = move.table().table().toString();
    if (!columns.contains(move.to().canonical(dialect))) {
      return missingColumn(move, move.to(), table, "run the expand migration first");
    }
    if (move.phase() != Phase.CONTRACT && !columns.contains(move.from().canonical(dialect))) {
      return missingColumn(move, move.from(), table, "the old column may only be dropped once the move is in "
          + "phase contract, and the rules say " + move.phase().yamlName());
    }
    return null;
  }

  private static SQLException missingColumn(MoveRule move, Identifier column, String table, String advice) {
    return new SQLException(move.describe() + ": column " + column + " does not exist in table " + table
        + "; " + advice, MISSING_COLUMN);
  }

  /** The canonical names of the table's columns; empty when there is no such table. */
  private static Set<String> columns(DatabaseMetaData metadata, boolean byCatalog, String namespace,
      Identifier table, Dialect dialect) throws SQLException {
    String wanted = table.canonical(dialect);
    String escape = metadata.getSearchStringEscape();
    String namespacePattern = namespace == null ? null : escape(namespace, escape);
    Set<String> columns = new HashSet<>();
    // The pattern narrows the search; the loop decides, because pattern matching may ignore case
    // (or not) differently from the database's own name resolution.
    try (ResultSet rs = byCatalog
        ? metadata.getColumns(namespace, null, escape(wanted, escape), "%")
        : metadata.getColumns(null, namespacePattern, escape(wanted, escape), "%")) {
      while (rs.next()) {
        String owner = rs.getString(byCatalog ? "TABLE_CAT" : "TABLE_SCHEM");
        if (dialect.canonical(rs.getString("TABLE_NAME"), true).equals(wanted)
            && (namespace == null || sameName(owner, namespace, byCatalog))) {
          columns.add(dialect.canonical(rs.getString("COLUMN_NAME"), true));
        }
      }
    }
    return columns;
  }

  private static boolean sameName(String actual, String expected, boolean ignoreCase) {
    return ignoreCase ? expected.toLowerCase(Locale.ROOT).equals(actual == null ? null : actual.toLowerCase(Locale.ROOT))
        : expected.equals(actual);
  }

  private static String escape(String name, String escape) {
    if (escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }
}
