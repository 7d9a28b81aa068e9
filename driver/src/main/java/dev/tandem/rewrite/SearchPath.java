package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Where the database looks for a table named without a schema (SPEC §3): the schemas of
 * PostgreSQL's {@code search_path} as the server resolves it ({@code current_schemas(false)}),
 * MariaDB's current database, H2's current schema. Names are as the database spells them. A path
 * may also be unknown (it could not be read, or a statement changed it in a way Tandem cannot
 * follow); a statement that names a table without a schema, where some move names that table with
 * a schema, is then refused.
 *
 * <p>Immutable; two paths are equal when they list the same schemas, or are both unknown, so a
 * path can be part of a plan-cache key.
 */
public final class SearchPath {
  /** The path of a connection whose current schema is not known, for a reason not given. */
  public static final SearchPath UNKNOWN = unknown("the connection's current schema is not known");

  private final List<String> schemas;
  private final String unknownBecause;

  private SearchPath(List<String> schemas, String unknownBecause) {
    this.schemas = schemas;
    this.unknownBecause = unknownBecause;
  }

  /** The path that searches {@code schemas}, in order (as the database spells them); may be empty. */
  public static SearchPath of(List<String> schemas) {
    for (String schema : schemas) {
      Objects.requireNonNull(schema, "schema");
    }
    return new SearchPath(List.copyOf(schemas), null);
  }

  /** The path that searches {@code schema} only. */
  public static SearchPath of(String schema) {
    return of(List.of(schema));
  }

  /** A path that is not known, and why (said in the refusal of a statement that needs it). */
  public static SearchPath unknown(String because) {
    return new SearchPath(null, Objects.requireNonNull(because, "because"));
  }

  public boolean isKnown() {
    return schemas != null;
  }

  /** The schemas searched, in order; empty when the path is unknown. */
  public List<String> schemas() {
    return schemas == null ? List.of() : schemas;
  }

  /** Why the path is not known, or {@code null} when it is. */
  public String unknownBecause() {
    return unknownBecause;
  }

  /**
   * The schema (as the database spells it) in which {@code table}, written in SQL without a schema,
   * is found; {@code null} when that cannot be told: the path is unknown or empty, or no schema on a
   * path of several has the table. With one schema on the path that schema is the answer without a
   * look-up (the database finds the table there or fails the statement); with several, the first
   * whose metadata has the table, as PostgreSQL searches.
   */
  public String resolve(String table, TableColumns columns, Dialect dialect) throws SQLException {
    if (schemas == null || schemas.isEmpty()) {
      return null;
    }
    if (schemas.size() == 1) {
      return schemas.get(0);
    }
    for (String schema : schemas) {
      if (columns.columnsOf(dialect.quote(schema), table) != null) {
        return schema;
      }
    }
    return null;
  }

  /** Whether {@link #resolve} consults table metadata. */
  public boolean searchesMetadata() {
    return schemas != null && schemas.size() > 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchPath && Objects.equals(((SearchPath) o).schemas, schemas);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(schemas);
  }

  @Override
  public String toString() {
    return schemas == null ? "unknown (" + unknownBecause + ")" : String.join(", ", schemas);
  }
}
