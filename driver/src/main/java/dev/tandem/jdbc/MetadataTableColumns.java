package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.ColumnType;
import dev.tandem.rewrite.SearchPath;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.TableInfo;
import dev.tandem.rules.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
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
  /** What metadata says about one table: its column names in table order and their types by canonical name. */
  private record Known(List<String> names, Map<String, ColumnType> types) {}

  private static final Known UNKNOWN = new Known(List.of(), Map.of());

  private final Connection connection;
  private final Dialect dialect;
  private final Map<String, Known> cache = new ConcurrentHashMap<>();
  private final CatalogueFunctions functions;
  private final CatalogueViews views;
  private final LongSupplier generation;
  /** Only the connection's own thread invalidates; read by the same thread's planner. */
  private long invalidations;
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
    this.views = new CatalogueViews(connection, dialect);
    this.generation = generation;
    this.cachedGeneration = generation.getAsLong();
  }

  void invalidate() {
    cache.clear();
    functions.invalidate();
    views.invalidate();
    invalidations++;
  }

  /**
   * Changes with every {@link #invalidate()}, with every change of the schema generation, and when the
   * view catalogue forgets what it read (a statement named a view created since).
   */
  @Override
  public long epoch() {
    return invalidations + views.changes() + (generation.getAsLong() << 32);
  }

  @Override
  public dev.tandem.rewrite.FunctionCatalogue functions() {
    return functions;
  }

  @Override
  public dev.tandem.rewrite.ViewCatalogue views() {
    checkGeneration();
    return views;
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
    Known columns = known(schema, table);
    return columns == UNKNOWN ? null : columns.names();
  }

  @Override
  public ColumnType typeOf(String schema, String table, Identifier column) throws SQLException {
    return known(schema, table).types().get(column.canonical(dialect));
  }

  @Override
  public boolean isView(String schema, String table) throws SQLException {
    if (schema == null) {
      for (String candidate : searchPath.get().schemas()) {
        if (known(dialect.quote(candidate), table) != UNKNOWN) {
          return isView(dialect.quote(candidate), table);
        }
      }
      return false;
    }
    return TableInfo.isView(connection, dialect, new TableName(Identifier.parse(schema), Identifier.parse(table)));
  }

  private Known known(String schema, String table) throws SQLException {
    if (schema == null) {
      // The table the database means: the first schema on the path that has it.
      for (String candidate : searchPath.get().schemas()) {
        Known columns = known(dialect.quote(candidate), table);
        if (columns != UNKNOWN) {
          return columns;
        }
      }
      return UNKNOWN;
    }
    checkGeneration();
    String key = schema + '\u0000' + table;
    Known columns = cache.get(key);
    if (columns == null) {
      if (cache.isEmpty()) {
        oldestRead = System.nanoTime();
      }
      columns = read(schema, table);
      cache.put(key, columns);
    }
    return columns;
  }

  /** Forgets what was read when DDL ran through some Tandem connection to the database since. */
  private void checkGeneration() {
    long now = generation.getAsLong();
    if (now != cachedGeneration) {
      cache.clear();
      views.invalidate();
      cachedGeneration = now;
    }
  }

  private Known read(String schema, String table) throws SQLException {
    TableName name = new TableName(Identifier.parse(schema), Identifier.parse(table));
    TableInfo info = TableInfo.readColumns(connection, dialect, name);
    if (!info.exists()) {
      return UNKNOWN;
    }
    List<String> names = new ArrayList<>();
    Map<String, ColumnType> types = new HashMap<>();
    info.columns().forEach((canonical, column) -> {
      names.add(column.name());
      types.put(canonical, new ColumnType(column.typeName(), column.dataType(), column.size(), column.digits()));
    });
    return new Known(List.copyOf(names), Map.copyOf(types));
  }
}
