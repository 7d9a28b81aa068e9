package dev.tandem.rewrite;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * Maps the application's parameter indexes (1-based, as in the SQL it wrote) to the indexes of the
 * rewritten statement. A value written to two columns has its {@code ?} marker duplicated, so one
 * application index can map to several statement indexes. Immutable.
 */
public final class ParameterMap {
  private static final ParameterMap IDENTITY = new ParameterMap(null, -1);

  private final int[][] targets;
  private final int rewrittenCount;

  private ParameterMap(int[][] targets, int rewrittenCount) {
    this.targets = targets;
    this.rewrittenCount = rewrittenCount;
  }

  /** Every application index maps to itself. */
  public static ParameterMap identity() {
    return IDENTITY;
  }

  /**
   * A map from {@code targets[i]}, the statement indexes of application index {@code i + 1}.
   * Every statement index from 1 to the highest must be the target of exactly one application index.
   */
  public static ParameterMap of(int[][] targets) {
    return of(targets, false);
  }

  /**
   * Like {@link #of(int[][])}, but an application index may have no target: its value is not sent with
   * this statement (a column moved to another table in contract, whose value only the follow-up statement
   * writes, docs/behaviour.md §13).
   */
  public static ParameterMap withUnused(int[][] targets) {
    return of(targets, true);
  }

  private static ParameterMap of(int[][] targets, boolean unusedAllowed) {
    int[][] copy = new int[targets.length][];
    int max = 0;
    int total = 0;
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] == null || (targets[i].length == 0 && !unusedAllowed)) {
        throw new IllegalArgumentException("parameter " + (i + 1) + " has no target");
      }
      copy[i] = targets[i].clone();
      total += copy[i].length;
      for (int t : copy[i]) {
        max = Math.max(max, t);
      }
    }
    boolean[] seen = new boolean[max + 1];
    for (int[] ts : copy) {
      for (int t : ts) {
        if (t < 1 || seen[t]) {
          throw new IllegalArgumentException("statement index " + t + " is mapped twice or is < 1");
        }
        seen[t] = true;
      }
    }
    if (total != max) {
      throw new IllegalArgumentException("statement indexes 1.." + max + " are not all mapped");
    }
    boolean identity = true;
    for (int i = 0; i < copy.length && identity; i++) {
      identity = copy[i].length == 1 && copy[i][0] == i + 1;
    }
    return identity ? IDENTITY : new ParameterMap(copy, max);
  }

  /** Whether no index is moved or duplicated; setters then go straight to the vendor statement. */
  public boolean isIdentity() {
    return targets == null;
  }

  /** How many markers the application's SQL has (unknown, -1, for the identity map). */
  public int applicationCount() {
    return targets == null ? -1 : targets.length;
  }

  /** How many markers the rewritten SQL has (unknown, -1, for the identity map). */
  public int statementCount() {
    return rewrittenCount;
  }

  /**
   * The statement indexes that application index {@code index} is set on.
   *
   * @throws SQLException (SQLState 07009) when the index is not one of the application's markers
   */
  public int[] targetsOf(int index) throws SQLException {
    if (targets == null) {
      return new int[] {index};
    }
    if (index < 1 || index > targets.length) {
      throw new SQLException("parameter index " + index + " is out of range: the statement has "
          + targets.length + " parameter" + (targets.length == 1 ? "" : "s"), "07009");
    }
    return targets[index - 1];
  }

  /** The application index whose value statement index {@code statementIndex} carries, or -1. */
  public int applicationIndexOf(int statementIndex) {
    if (targets == null) {
      return statementIndex;
    }
    for (int i = 0; i < targets.length; i++) {
      for (int t : targets[i]) {
        if (t == statementIndex) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterMap && Arrays.deepEquals(((ParameterMap) o).targets, targets);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(targets);
  }

  /** For example {@code {1->[1, 3], 2->[2]}}, or {@code identity}. */
  @Override
  public String toString() {
    if (targets == null) {
      return "identity";
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < targets.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(i + 1).append("->").append(Arrays.toString(targets[i]));
    }
    return sb.append('}').toString();
  }
}
