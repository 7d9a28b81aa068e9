package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.CrossTableMove;
import dev.tandem.rules.TableName;
import java.util.List;

/**
 * The text of the follow-up statements that keep a column moved to another table in step
 * (docs/behaviour.md §13), per dialect. {@code keys} is the list of key values, {@code "?, ?"} or literals,
 * as the application's statement gives them; {@code schema} the schema the statement names its table in, or
 * {@code null}.
 */
public final class CrossTableSql {
  private CrossTableSql() {}

  /** {@code table} as SQL: in {@code schemaAsWritten} when the statement names one, else as the rule does. */
  public static String table(TableName table, String schemaAsWritten, Dialect dialect) {
    String name = table.table().sql(dialect);
    if (schemaAsWritten != null) {
      return schemaAsWritten + "." + name;
    }
    return table.schema() == null ? name : table.schema().sql(dialect) + "." + name;
  }

  /** Copies {@code table.from} of the rows with keys {@code keys} into their rows of {@code toTable}, made when missing. */
  public static String copyToNew(CrossTableMove move, String schema, String keys, Dialect dialect) {
    String x = CrossTableReads.ALIAS;
    String select = "SELECT " + x + "." + move.key().sql(dialect) + ", " + x + "." + move.from().sql(dialect)
        + " FROM " + table(move.table(), schema, dialect) + " " + x + " WHERE " + x + "." + move.key().sql(dialect)
        + " IN (" + keys + ")";
    return upsert(move, schema, select, dialect);
  }

  /** Sets {@code table.from} of the rows with keys {@code keys} from their rows of {@code toTable} (NULL when none). */
  static String copyToOld(CrossTableMove move, String schema, String keys, Dialect dialect) {
    String x = CrossTableReads.ALIAS;
    String t = "tandem_t";
    return "UPDATE " + table(move.table(), schema, dialect) + " " + t + " SET " + move.from().sql(dialect)
        + " = (SELECT " + x + "." + move.to().sql(dialect) + " FROM " + table(move.toTable(), schema, dialect) + " "
        + x + " WHERE " + x + "." + move.toKey().sql(dialect) + " = " + t + "." + move.key().sql(dialect) + ") WHERE "
        + t + "." + move.key().sql(dialect) + " IN (" + keys + ")";
  }

  /** Writes {@code value} as {@code toTable.to} of the row with key {@code key}, made when missing. */
  static String upsertNew(CrossTableMove move, String schema, String key, String value, Dialect dialect) {
    return upsert(move, schema, "VALUES (" + key + ", " + value + ")", dialect);
  }

  /** Inserts the rows {@code (key, value)} into {@code toTable}. */
  static String insertNew(CrossTableMove move, String schema, List<String> rows, Dialect dialect) {
    return "INSERT INTO " + table(move.toTable(), schema, dialect) + " (" + move.toKey().sql(dialect) + ", "
        + move.to().sql(dialect) + ") VALUES " + String.join(", ", rows);
  }

  private static String upsert(CrossTableMove move, String schema, String source, Dialect dialect) {
    String target = table(move.toTable(), schema, dialect);
    String key = move.toKey().sql(dialect);
    String to = move.to().sql(dialect);
    return switch (dialect.family()) {
      case H2 -> "MERGE INTO " + target + " (" + key + ", " + to + ") KEY (" + key + ") " + source;
      case MARIADB -> "INSERT INTO " + target + " (" + key + ", " + to + ") " + source + " ON DUPLICATE KEY UPDATE "
          + to + " = VALUES(" + to + ")";
      default -> "INSERT INTO " + target + " (" + key + ", " + to + ") " + source + " ON CONFLICT (" + key
          + ") DO UPDATE SET " + to + " = EXCLUDED." + to;
    };
  }
}
