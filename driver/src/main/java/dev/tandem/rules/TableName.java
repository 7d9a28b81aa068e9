package dev.tandem.rules;

import dev.tandem.Dialect;
import java.util.Objects;

/**
 * The table a move applies to, optionally schema-qualified ({@code public.conversation}). An
 * unqualified rule table matches the table in any schema; a qualified one only in that schema, or
 * when SQL names the table without a schema.
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
   * Whether SQL naming a table as {@code schemaAsWritten.tableAsWritten} ({@code schemaAsWritten}
   * may be null) names this table.
   */
  public boolean matches(String schemaAsWritten, String tableAsWritten, Dialect dialect) {
    if (!table.matches(tableAsWritten, dialect)) {
      return false;
    }
    return schema == null || schemaAsWritten == null || schema.matches(schemaAsWritten, dialect);
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
