package dev.tandem.rewrite;

import java.util.List;
import java.util.Objects;

/**
 * What Tandem sends to the database for one statement the application wrote: the SQL, how the
 * application's parameter indexes map onto it, what kind of statement it is and which moves changed
 * it. Immutable, so one plan can be cached and shared by every connection.
 *
 * @param originalSql the SQL the application wrote
 * @param sql the SQL to send; the same instance as {@code originalSql} when nothing changed
 * @param parameters the parameter index map
 * @param kind the statement kind
 * @param movesApplied the names of the moves that changed the statement, in rule-file order
 * @param expandedFromMetadata whether a column list or {@code *} was expanded from table metadata, or
 *     a computed value cast to a column's declared type from it, so the plan must be made again when
 *     the table's columns change
 * @param resultTypes the computed result columns the JDBC layer narrows to their declared Java type
 * @param followUps statements to run after {@code sql} in the same transaction (a column moved to another
 *     table, docs/behaviour.md §13); empty for every other plan
 */
public record RewritePlan(
    String originalSql,
    String sql,
    ParameterMap parameters,
    StatementKind kind,
    List<String> movesApplied,
    boolean expandedFromMetadata,
    ResultTypes resultTypes,
    List<FollowUp> followUps) {

  public RewritePlan {
    followUps = List.copyOf(followUps);
    Objects.requireNonNull(originalSql, "originalSql");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(kind, "kind");
    movesApplied = List.copyOf(movesApplied);
    Objects.requireNonNull(resultTypes, "resultTypes");
  }

  /** A plan without follow-up statements. */
  public RewritePlan(String originalSql, String sql, ParameterMap parameters, StatementKind kind,
      List<String> movesApplied, boolean expandedFromMetadata, ResultTypes resultTypes) {
    this(originalSql, sql, parameters, kind, movesApplied, expandedFromMetadata, resultTypes, List.of());
  }

  /** A plan whose result columns all have the Java types the database gives them. */
  public RewritePlan(String originalSql, String sql, ParameterMap parameters, StatementKind kind,
      List<String> movesApplied, boolean expandedFromMetadata) {
    this(originalSql, sql, parameters, kind, movesApplied, expandedFromMetadata, ResultTypes.NONE);
  }

  /** A plan that sends {@code sql} as the application wrote it. */
  public static RewritePlan passThrough(String sql, StatementKind kind) {
    return new RewritePlan(sql, sql, ParameterMap.identity(), kind, List.of(), false);
  }

  /** Whether Tandem runs statements of its own after this one ({@link #followUps()}). */
  public boolean hasFollowUps() {
    return !followUps.isEmpty();
  }

  /** Whether the SQL sent differs from the application's. */
  public boolean isRewritten() {
    return !movesApplied.isEmpty();
  }
}
