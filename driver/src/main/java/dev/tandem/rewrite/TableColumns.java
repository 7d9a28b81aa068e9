package dev.tandem.rewrite;

import dev.tandem.rules.Identifier;
import java.sql.SQLException;
import java.util.List;

/**
 * The columns of a table, in table order, for expanding {@code INSERT} without a column list and
 * {@code SELECT *}, and their declared types, for typing the values Tandem computes. The JDBC layer answers from cached {@link java.sql.DatabaseMetaData}; tests
 * answer from a map.
 */
@FunctionalInterface
public interface TableColumns {

  /** Knows no table: statements that need metadata are refused. */
  TableColumns NONE = (schema, table) -> null;

  /**
   * The column names of {@code schema.table} as the database reports them, or {@code null} when
   * the table is unknown.
   *
   * @param schema the schema as written in SQL, or {@code null} when the SQL names none (the table
   *     is then looked for along {@link #searchPath()})
   * @param table the table as written in SQL
   */
  List<String> columnsOf(String schema, String table) throws SQLException;

  /**
   * The declared type of {@code column} of {@code schema.table}, or {@code null} when it is unknown
   * (the table or the column is, or this source knows names only): Tandem then leaves the values
   * it computes for the column untyped.
   *
   * @param schema the schema as written in SQL, or {@code null} when the SQL names none
   * @param table the table as written in SQL
   */
  default ColumnType typeOf(String schema, String table, Identifier column) throws SQLException {
    return null;
  }

  /**
   * Whether {@code schema.table} is a view rather than a table ({@code false} when unknown): a table
   * rename may leave a view under the old name.
   *
   * @param schema the schema as written in SQL, or {@code null} when the SQL names none
   * @param table the table as written in SQL
   */
  default boolean isView(String schema, String table) throws SQLException {
    return false;
  }

  /**
   * Whether this source can look any table's columns up: {@code false} for {@link #NONE}, where
   * column resolution falls back to SPEC §3's rule instead of treating every table's columns as unknown.
   */
  default boolean knowsTables() {
    return this != NONE;
  }

  /**
   * Where the database finds a table named without a schema, for moves on schema-qualified tables
   * ({@link SearchPath#UNKNOWN} unless it is known: statements that need it are then refused).
   */
  default SearchPath searchPath() {
    return SearchPath.UNKNOWN;
  }

  /** {@code columns} with {@code path} as its search path (operator tools and tests that state the schema). */
  static TableColumns onPath(TableColumns columns, SearchPath path) {
    return new TableColumns() {
      @Override
      public List<String> columnsOf(String schema, String table) throws SQLException {
        return columns.columnsOf(schema, table);
      }

      @Override
      public ColumnType typeOf(String schema, String table, Identifier column) throws SQLException {
        return columns.typeOf(schema, table, column);
      }

      @Override
      public boolean knowsTables() {
        return columns.knowsTables();
      }

      @Override
      public boolean isView(String schema, String table) throws SQLException {
        return columns.isView(schema, table);
      }

      @Override
      public SearchPath searchPath() {
        return path;
      }

      @Override
      public FunctionCatalogue functions() {
        return columns.functions();
      }

      @Override
      public ViewCatalogue views() {
        return columns.views();
      }
    };
  }

  /** The same database's function catalogue ({@link FunctionCatalogue#NONE} unless it is known). */
  default FunctionCatalogue functions() {
    return FunctionCatalogue.NONE;
  }

  /** The same database's views and what they read ({@link ViewCatalogue#NONE} unless they are known). */
  /**
   * A number that changes whenever what this source knows may have changed (it forgot what it read): what a
   * connection remembers of a statement (that it names nothing that matters) holds only while it is the same.
   * Constant for sources that never forget.
   */
  default long epoch() {
    return 0;
  }

  default ViewCatalogue views() {
    return ViewCatalogue.NONE;
  }
}
