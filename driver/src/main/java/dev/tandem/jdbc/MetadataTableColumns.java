package dev.tandem.jdbc;

import dev.tandem.Dialect;
import dev.tandem.rewrite.SearchPath;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.TableInfo;
import dev.tandem.rules.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Table columns read from the vendor connection's metadata ({@link TableInfo}), cached until
 * {@link #invalidate()} (the connection calls it when the rules change, since migrations add and
 * drop columns while the application runs, and when it runs DDL) or until the schema generation
 * changes (DDL through any Tandem connection to the same database, see
 * {@link dev.tandem.rules.SchemaState#generation()}).
 *
 * <p>A table named without a schema is looked up where the connection's {@link SearchPath} finds it
 * (the first schema on the path that has it), and cached under that schema: after the connection
 * switches schema, the same name is another table with other columns.
 */
public final class MetadataTableColumns implements TableColumns {
  private static final List<String> UNKNOWN = List.of();

  private final Connection connection;
  private final Dialect dialect;
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();
  private final CatalogueFunctions functions;
  private final LongSupplier generation;
  private final Supplier<SearchPath> searchPath;
  private volatile long cachedGeneration;
  /** When the oldest cached entry was read, by {@link System#nanoTime()}; meaningful while the cache is not empty. */
  private volatile long oldestRead;

  /** Columns of tables reached through {@code connection}, read as {@code dialect} folds names. */
  public MetadataTableColumns(Connection connection, Dialect dialect) {
    this(connection, dialect, () -> 0L);
  }

  /**
   * The same, forgetting what it read whenever {@code generation} changes. Unqualified names follow
   * the connection's current schema as it is when the first such name is looked up (a connection
   * that does not change schema, as the operator tools use).
   */
  public MetadataTableColumns(Connection connection, Dialect dialect, LongSupplier generation) {
    this(connection, dialect, generation, new CurrentSchema(connection, dialect)::path);
  }

  /** The same, unqualified names following {@code searchPath} (a Tandem connection's {@link CurrentSchema}). */
  MetadataTableColumns(Connection connection, Dialect dialect, LongSupplier generation,
      Supplier<SearchPath> searchPath) {
    this.searchPath = searchPath;
    this.connection = connection;
    this.dialect = dialect.family(); // metadata is read alike whatever the server's sql_mode
    this.functions = new CatalogueFunctions(connection, dialect);
    this.generation = generation;
    this.cachedGeneration = generation.getAsLong();
  }

  void invalidate() {
    cache.clear();
    functions.invalidate();
  }

  @Override
  public dev.tandem.rewrite.FunctionCatalogue functions() {
    return functions;
  }

  /** Whether some cached metadata was read before {@code nanoTime}. */
  boolean readBefore(long nanoTime) {
    return !cache.isEmpty() && oldestRead - nanoTime < 0;
  }

  @Override
  public SearchPath searchPath() {
    return searchPath.get();
  }

  @Override
  public List<String> columnsOf(String schema, String table) throws SQLException {
    if (schema == null) {
      // The table the database means: the first schema on the path that has it.
      for (String candidate : searchPath.get().schemas()) {
        List<String> columns = columnsOf(dialect.quote(candidate), table);
        if (columns != null) {
          return columns;
        }
      }
      return null;
    }
    long now = generation.getAsLong();
    if (now != cachedGeneration) {
      cache.clear();
      cachedGeneration = now;
    }
    String key = schema + '\u0000' + table;
    List<String> columns = cache.get(key);
    if (columns == null) {
      if (cache.isEmpty()) {
        oldestRead = System.nanoTime();
      }
      columns = read(schema, table);
      cache.put(key, columns);
    }
    return columns == UNKNOWN ? null : columns;
  }

  private List<String> read(String schema, String table) throws SQLException {
    TableName name = new TableName(Identifier.parse(schema), Identifier.parse(table));
    TableInfo info = TableInfo.readColumns(connection, dialect, name);
    if (!info.exists()) {
      return UNKNOWN;
    }
    List<String> columns = new ArrayList<>();
    info.columns().values().forEach(column -> columns.add(column.name()));
    return List.copyOf(columns);
  }
}
