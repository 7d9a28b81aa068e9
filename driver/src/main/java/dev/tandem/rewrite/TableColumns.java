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
   * @param schema the schema as written in SQL, or {@code null} when the SQL names none
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

  /** The same database's function catalogue ({@link FunctionCatalogue#NONE} unless it is known). */
  default FunctionCatalogue functions() {
    return FunctionCatalogue.NONE;
  }
}
