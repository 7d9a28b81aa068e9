package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.SplitRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL the operator tools run for one move on one dialect. Columns are qualified by the table
 * name, so a transform that is a correlated subquery
 * ({@code (SELECT m.sent_at FROM message m WHERE m.id = {from})}) refers to the row being read or
 * updated. Key values are always {@code ?} parameters; nothing here ever holds a data value.
 */
public final class MoveSql {
  private final MoveRule move;
  private final Dialect dialect;
  private final String qualifier;

  public MoveSql(MoveRule move, Dialect dialect) {
    this.move = move;
    this.dialect = dialect;
    this.qualifier = move.table().table().sql(dialect);
  }

  public MoveRule move() {
    return move;
  }

  /** The table, schema-qualified when the rule file qualifies it. */
  public String table() {
    Identifier schema = move.table().schema();
    return schema == null ? qualifier : schema.sql(dialect) + "." + qualifier;
  }

  /** {@code table.from}. */
  public String from() {
    return qualify(move.from().sql(dialect));
  }

  /** {@code table.to}. */
  public String to() {
    return qualify(move.to().sql(dialect));
  }

  /** {@code forward(table.from)}: the value {@code to} should hold. */
  public String forward() {
    return move.forward().apply(from());
  }

  /**
   * {@code backward(table.to)}: the value {@code from} should hold; only for two-way moves. For a piece of
   * a split (behaviour §12), the split's backward over every target.
   */
  public String backward() {
    if (oneWay(move)) {
      throw new IllegalStateException(move.describe() + " is one-way: it has no backward transform");
    }
    if (move.split() != null) {
      return move.split().split().backwardOf(t -> qualify(t.sql(dialect)));
    }
    return move.backward().apply(to());
  }

  /** Whether {@code move} has no backward transform; a piece of a split has the split's. */
  public static boolean oneWay(MoveRule move) {
    return move.split() != null ? move.split().split().oneWay() : move.oneWay();
  }

  /**
   * Rows whose new column still waits for a value: {@code to IS NULL AND from IS NOT NULL}. For a piece of
   * a split, also {@code forward(from) IS NOT NULL}: a part the old value does not have ("Plato" has no last
   * name) stays NULL, and such a row is backfilled.
   */
  public String lacksTo() {
    return to() + " IS NULL AND " + from() + " IS NOT NULL" + (move.split() == null ? ""
        : " AND " + forward() + " IS NOT NULL");
  }

  /** Rows written through the new column only: {@code from IS NULL AND to IS NOT NULL}. */
  public String lacksFrom() {
    return from() + " IS NULL AND " + to() + " IS NOT NULL";
  }

  /**
   * Rows whose old column a backward backfill must (re)compute: {@code to} holds a value and
   * {@code from} is NULL or not what {@code to} says ({@code to} is not {@code forward(from)},
   * NULL-safely). Not only NULLs: in {@code contract} an update writes {@code to} alone and leaves
   * the old value in {@code from}, and going back to {@code migrated} must not bring it back.
   */
  public String fromBehind() {
    if (move.split() != null) {
      // A split's old column is behind when any target holds a value and some target is not its forward of it.
      List<String> held = new ArrayList<>();
      List<String> differ = new ArrayList<>();
      SplitRule split = move.split().split();
      for (int i = 0; i < split.targets().size(); i++) {
        String target = qualify(split.targets().get(i).sql(dialect));
        held.add(target + " IS NOT NULL");
        differ.add(distinct(dialect, target, split.forwards().get(i).apply(from())));
      }
      return "(" + String.join(" OR ", held) + ") AND (" + String.join(" OR ", differ) + ")";
    }
    return to() + " IS NOT NULL AND " + distinct(dialect, to(), forward());
  }

  /** Rows where both columns hold a value but {@code to} is not {@code forward(from)}, NULL-safely. */
  public String disagrees() {
    return from() + " IS NOT NULL AND " + to() + " IS NOT NULL AND " + distinct(dialect, to(), forward());
  }

  /** {@code a} and {@code b} differ, where NULL equals NULL and differs from every value. */
  public static String distinct(Dialect dialect, String a, String b) {
    return dialect == Dialect.MARIADB ? "NOT (" + a + " <=> " + b + ")" : a + " IS DISTINCT FROM " + b;
  }

  /** {@code a} and {@code b} are the same, where NULL equals NULL and differs from every value. */
  public static String same(Dialect dialect, String a, String b) {
    return dialect == Dialect.MARIADB ? a + " <=> " + b : a + " IS NOT DISTINCT FROM " + b;
  }

  /**
   * One pass over the table that counts, in this order: all rows, rows lacking {@code to}, rows
   * lacking {@code from} (0 for a one-way move, where that is how new rows look), rows that disagree.
   */
  public String counts() {
    String lacksFrom = oneWay(move) ? "0" : countIf(lacksFrom());
    return "SELECT COUNT(*), " + countIf(lacksTo()) + ", " + lacksFrom + ", " + countIf(disagrees())
        + " FROM " + table();
  }

  /** {@code SELECT COUNT(*)} of the rows {@code direction} would fill. */
  public String countLacking(BackfillDirection direction) {
    return "SELECT COUNT(*) FROM " + table() + " WHERE " + lacking(direction);
  }

  /** The rows {@code direction} fills. */
  public String lacking(BackfillDirection direction) {
    return direction == BackfillDirection.FORWARD ? lacksTo() : fromBehind();
  }

  /**
   * The keys of the next batch: up to {@code batchSize} rows that {@code direction} would fill,
   * in key order, after the key given as parameters 1..n when {@code afterKey}. The last key read
   * is the batch's upper bound.
   *
   * @param key the primary key's columns as the database spells them
   */
  public String nextBatchKeys(BackfillDirection direction, List<String> key, boolean afterKey, int batchSize) {
    String keys = keyColumns(key);
    return "SELECT " + keys + " FROM " + table() + " WHERE " + (afterKey ? compareKey(key, ">") + " AND " : "")
        + lacking(direction) + " ORDER BY " + keys + " LIMIT " + batchSize;
  }

  /**
   * Fills one batch: the rows {@code direction} would fill whose key is after the one given as the
   * first n parameters (when {@code afterKey}) and at most the one given as the next n. A key range
   * rather than {@code key IN (SELECT …)}, because MariaDB cannot update a table it selects from in a
   * subquery, and because a range touches rows a writer added to it since, which is what we want.
   */
  public String fillBatch(BackfillDirection direction, List<String> key, boolean afterKey) {
    String target = (direction == BackfillDirection.FORWARD ? move.to() : move.from()).sql(dialect);
    String value = direction == BackfillDirection.FORWARD ? forward() : backward();
    return "UPDATE " + table() + " SET " + target + " = " + value + " WHERE "
        + (afterKey ? compareKey(key, ">") + " AND " : "") + compareKey(key, "<=") + " AND " + lacking(direction);
  }

  /** {@code table.k > ?}, or {@code (table.k1, table.k2) > (?, ?)} for a composite key. */
  private String compareKey(List<String> key, String operator) {
    if (key.size() == 1) {
      return keyColumns(key) + " " + operator + " ?";
    }
    String markers = key.stream().map(k -> "?").collect(Collectors.joining(", "));
    return "(" + keyColumns(key) + ") " + operator + " (" + markers + ")";
  }

  private String keyColumns(List<String> key) {
    return key.stream().map(k -> qualify(dialect.quote(k))).collect(Collectors.joining(", "));
  }

  private static String countIf(String condition) {
    return "SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
  }

  private String qualify(String column) {
    return qualifier + "." + column;
  }
}
