package dev.tandem.jdbc;

import dev.tandem.Dialect;
import dev.tandem.rewrite.TableColumns;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table columns read from the vendor connection's {@link DatabaseMetaData}, cached until
 * {@link #invalidate()} (the connection calls it when the rules change, since migrations add and
 * drop columns while the application runs).
 */
public final class MetadataTableColumns implements TableColumns {
  private static final List<String> UNKNOWN = List.of();

  private final Connection connection;
  private final Dialect dialect;
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  /** Columns of tables reached through {@code connection}, read as {@code dialect} folds names. */
  public MetadataTableColumns(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  void invalidate() {
    cache.clear();
  }

  @Override
  public List<String> columnsOf(String schema, String table) throws SQLException {
    String key = schema + '\u0000' + table;
    List<String> columns = cache.get(key);
    if (columns == null) {
      columns = read(schema, table);
      cache.put(key, columns);
    }
    return columns == UNKNOWN ? null : columns;
  }

  private List<String> read(String schema, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String escape = meta.getSearchStringEscape();
    String catalog = null;
    String schemaPattern = null;
    String schemaName = schema == null ? null : dialect.canonical(schema);
    if (dialect == Dialect.MARIADB) {
      // MariaDB reports databases as catalogs.
      catalog = schemaName == null ? connection.getCatalog() : schemaName;
    } else {
      schemaPattern = escape(schemaName == null ? connection.getSchema() : schemaName, escape);
    }
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(catalog, schemaPattern, escape(dialect.canonical(table), escape), "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME"));
      }
    }
    return columns.isEmpty() ? UNKNOWN : List.copyOf(columns);
  }

  private static String escape(String name, String escape) {
    if (name == null || escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }
}
