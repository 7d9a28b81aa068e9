package dev.tandem.rules;

import dev.tandem.dialect.Dialect;
import java.util.Objects;

/**
 * The table a move applies to, optionally schema-qualified ({@code tenant_a.customer}). An
 * unqualified rule table matches the table in any schema; a qualified one only in that schema:
 * SQL that names the table without a schema names it only when the connection's current schema
 * resolves the name there (SPEC §3).
 */
public record TableName(Identifier schema, Identifier table) {

  public TableName {
    Objects.requireNonNull(table, "table");
  }

  /** Reads {@code table} or {@code schema.table} as written in a rule file. */
  public static TableName parse(String text) {
    String t = text.trim();
    int dot = lastDotOutsideQuotes(t);
    if (dot < 0) {
      return new TableName(null, Identifier.parse(t));
    }
    return new TableName(Identifier.parse(t.substring(0, dot)), Identifier.parse(t.substring(dot + 1)));
  }

  private static int lastDotOutsideQuotes(String t) {
    boolean inQuotes = false;
    int dot = -1;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '"' || c == '`') {
        inQuotes = !inQuotes;
      } else if (c == '.' && !inQuotes) {
        dot = i;
      }
    }
    return dot;
  }

  /**
   * Whether SQL naming a table as {@code schemaAsWritten.tableAsWritten} names this table.
   *
   * @param schemaAsWritten the schema as written in SQL, or {@code null} when the SQL names none
   * @param resolvedSchema where the database finds a table named without a schema (as the database
   *     spells the schema), or {@code null} when that is not known; only consulted when this name
   *     has a schema and the SQL does not, see {@link #needsResolution}
   */
  public boolean matches(String schemaAsWritten, String tableAsWritten, String resolvedSchema, Dialect dialect) {
    if (!table.matches(tableAsWritten, dialect)) {
      return false;
    }
    if (schema == null) {
      return true;
    }
    if (schemaAsWritten != null) {
      return schema.matches(schemaAsWritten, dialect);
    }
    return resolvedSchema != null && schema.canonical(dialect).equals(dialect.canonical(resolvedSchema, true));
  }

  /**
   * Whether telling if SQL that names {@code tableAsWritten} without a schema means this table
   * takes knowing the connection's current schema: this name has a schema and the same table name.
   */
  public boolean needsResolution(String tableAsWritten, Dialect dialect) {
    return schema != null && table.matches(tableAsWritten, dialect);
  }

  /**
   * Whether the two could name the same table in some database (see {@link Identifier#mayBeSameAs}):
   * an unqualified name may be the table in any schema.
   */
  public boolean mayBeSameAs(TableName other) {
    return table.mayBeSameAs(other.table)
        && (schema == null || other.schema == null || schema.mayBeSameAs(other.schema));
  }

  @Override
  public String toString() {
    return schema == null ? table.toString() : schema + "." + table;
  }
}
