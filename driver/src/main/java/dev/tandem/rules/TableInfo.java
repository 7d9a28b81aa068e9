package dev.tandem.rules;

import dev.tandem.dialect.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What JDBC metadata says about a table: its columns with their types, and its primary key. The one
 * place that reads it, for the connect-time {@link SchemaCheck}, the rewriter's column lists and the
 * operator tools. Names are folded as the database folds them unless quoted, looked up in the
 * table's schema or else where the connection resolves unqualified names
 * ({@link Connection#getSchema()}, or the catalog on MariaDB).
 *
 * @param name the table as the rule file names it
 * @param namespace the schema (the database on MariaDB) it was looked up in
 * @param columns the columns by canonical name, in table order; empty when the table does not exist
 * @param primaryKey the primary key's columns as the database spells them, in key order; empty when there is none
 */
public record TableInfo(TableName name, String namespace, Map<String, Column> columns, List<String> primaryKey) {

  /**
   * A column of the table.
   *
   * @param name the name as the database spells it
   * @param type the type as the database names it, with length or precision where it has one
   * @param typeName {@code TYPE_NAME} as the driver reports it
   * @param dataType {@code DATA_TYPE}, a {@link Types} constant ({@link Types#OTHER} when not read from metadata)
   * @param size {@code COLUMN_SIZE}
   * @param digits {@code DECIMAL_DIGITS}, or {@code null} when the driver reports none
   */
  public record Column(String name, String type, String typeName, int dataType, int size, Integer digits) {

    /** A column known by its name and type text only. */
    public Column(String name, String type) {
      this(name, type, type, Types.OTHER, 0, null);
    }
  }

  public TableInfo {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    primaryKey = List.copyOf(primaryKey);
  }

  /** Reads the table's columns and primary key. */
  public static TableInfo read(Connection connection, Dialect dialect, TableName table) throws SQLException {
    return read(connection, dialect, table, true);
  }

  /** Reads the table's columns only (its primary key is left empty). */
  public static TableInfo readColumns(Connection connection, Dialect dialect, TableName table) throws SQLException {
    return read(connection, dialect, table, false);
  }

  private static TableInfo read(Connection connection, Dialect dialect, TableName table, boolean withKey)
      throws SQLException {
    boolean byCatalog = dialect == Dialect.MARIADB;
    String namespace = namespace(connection, dialect, table);
    String wanted = table.table().canonical(dialect);
    DatabaseMetaData metadata = connection.getMetaData();
    // Ordered by position: the metadata's order is the table's, but not every driver promises it.
    Map<Integer, Column> byPosition = new TreeMap<>();
    Map<Integer, String> canonicalByPosition = new TreeMap<>();
    String actualTable = null;
    String actualNamespace = namespace;
    String escape = metadata.getSearchStringEscape();
    try (ResultSet rs = byCatalog
        ? metadata.getColumns(namespace, null, pattern(wanted, escape), "%")
        : metadata.getColumns(null, pattern(namespace, escape), pattern(wanted, escape), "%")) {
      while (rs.next()) {
        String owner = rs.getString(byCatalog ? "TABLE_CAT" : "TABLE_SCHEM");
        String tableName = rs.getString("TABLE_NAME");
        // The patterns narrow the search; this decides, because drivers differ in how their
        // patterns treat case and the '_' wildcard.
        if (!dialect.canonical(tableName, true).equals(wanted) || !sameNamespace(owner, namespace, byCatalog)) {
          continue;
        }
        actualTable = tableName;
        actualNamespace = owner;
        int position = rs.getInt("ORDINAL_POSITION");
        String column = rs.getString("COLUMN_NAME");
        byPosition.put(position, column(column, rs));
        canonicalByPosition.put(position, dialect.canonical(column, true));
      }
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    byPosition.forEach((position, column) -> columns.put(canonicalByPosition.get(position), column));
    List<String> key = actualTable == null || !withKey ? List.of()
        : primaryKey(metadata, byCatalog, actualNamespace, actualTable);
    return new TableInfo(table, namespace, columns, key);
  }

  /** The schema (the database on MariaDB) {@code table} is looked up in. */
  private static String namespace(Connection connection, Dialect dialect, TableName table) throws SQLException {
    Identifier ruleSchema = table.schema();
    return ruleSchema != null ? ruleSchema.canonical(dialect)
        : dialect == Dialect.MARIADB ? connection.getCatalog() : connection.getSchema();
  }

  /** Whether {@code table} is a view (and not a table), as the metadata's {@code TABLE_TYPE} says. */
  public static boolean isView(Connection connection, Dialect dialect, TableName table) throws SQLException {
    boolean byCatalog = dialect == Dialect.MARIADB;
    String namespace = namespace(connection, dialect, table);
    String wanted = table.table().canonical(dialect);
    DatabaseMetaData metadata = connection.getMetaData();
    String escape = metadata.getSearchStringEscape();
    try (ResultSet rs = byCatalog
        ? metadata.getTables(namespace, null, pattern(wanted, escape), null)
        : metadata.getTables(null, pattern(namespace, escape), pattern(wanted, escape), null)) {
      while (rs.next()) {
        String owner = rs.getString(byCatalog ? "TABLE_CAT" : "TABLE_SCHEM");
        if (dialect.canonical(rs.getString("TABLE_NAME"), true).equals(wanted)
            && sameNamespace(owner, namespace, byCatalog)) {
          return String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT).contains("VIEW");
        }
      }
    }
    return false;
  }

  /** Whether the table exists. */
  public boolean exists() {
    return !columns.isEmpty();
  }

  /** The column {@code column} names, if the table has it. */
  public Optional<Column> column(Identifier column, Dialect dialect) {
    return Optional.ofNullable(columns.get(column.canonical(dialect)));
  }

  private static List<String> primaryKey(DatabaseMetaData metadata, boolean byCatalog, String namespace,
      String table) throws SQLException {
    Map<Integer, String> bySequence = new TreeMap<>();
    try (ResultSet rs = byCatalog
        ? metadata.getPrimaryKeys(namespace, null, table)
        : metadata.getPrimaryKeys(null, namespace, table)) {
      while (rs.next()) {
        bySequence.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    return new ArrayList<>(bySequence.values());
  }

  /** {@code name} as a metadata search pattern matching only itself: {@code _} and {@code %} escaped. */
  private static String pattern(String name, String escape) {
    if (name == null || escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }

  private static boolean sameNamespace(String actual, String expected, boolean ignoreCase) {
    if (expected == null) {
      return true;
    }
    return ignoreCase ? expected.equalsIgnoreCase(actual) : expected.equals(actual);
  }

  private static Column column(String name, ResultSet rs) throws SQLException {
    int size = rs.getInt("COLUMN_SIZE");
    int digits = rs.getInt("DECIMAL_DIGITS");
    Integer reportedDigits = rs.wasNull() ? null : digits;
    return new Column(name, typeOf(rs), rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"), size, reportedDigits);
  }

  /** {@code VARCHAR(320)}, {@code NUMERIC(12,2)}, {@code INTEGER}: the type as a DBA would write it. */
  private static String typeOf(ResultSet column) throws SQLException {
    String name = column.getString("TYPE_NAME").toUpperCase(Locale.ROOT);
    switch (column.getInt("DATA_TYPE")) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.BINARY:
      case Types.VARBINARY:
        return withSize(name, column.getInt("COLUMN_SIZE"), "");
      case Types.NUMERIC:
      case Types.DECIMAL:
        return withSize(name, column.getInt("COLUMN_SIZE"), "," + column.getInt("DECIMAL_DIGITS"));
      default:
        return name;
    }
  }

  /** Unbounded types (PostgreSQL's {@code text}, an unconstrained {@code numeric}) report a size of 0 or 2^31-1. */
  private static String withSize(String name, int size, String scale) {
    if (name.contains("(") || size <= 0 || size == Integer.MAX_VALUE) {
      return name;
    }
    return name + "(" + size + scale + ")";
  }
}
