package dev.tandem.jdbc;

import dev.tandem.rewrite.FollowUp;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.RewriteRefusedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Runs a statement and its plan's follow-up statements as one unit (docs/behaviour.md §13): a column moved
 * to another table is written to both tables or to neither.
 *
 * <p>With auto-commit on, the pair runs in a transaction of Tandem's own (auto-commit off, both statements,
 * commit; on any failure rollback), and auto-commit is switched back on. Inside a transaction the
 * application controls, the pair runs in it, after a savepoint: when a follow-up fails, the transaction is
 * rolled back to the savepoint, so the application's statement is undone too even if the application goes
 * on to commit, and the failure is thrown.
 */
final class FollowUpRunner {
  private FollowUpRunner() {}

  /** The application's statement. */
  @FunctionalInterface
  interface Main<R> {
    R run() throws SQLException;
  }

  /** Sets the values of a follow-up's markers from the application's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement followUp, FollowUp plan) throws SQLException;
  }

  /** A statement whose plan has follow-ups cannot be batched: its rows could not be written as one unit. */
  static RewriteRefusedException batchRefused(RewritePlan plan) {
    return new RewriteRefusedException(plan.followUps().get(0).move(), "the statement writes a column moved to "
        + "another table, which takes a follow-up statement per execution; batches of it are not yet supported, "
        + "execute it row by row");
  }

  /**
   * Runs {@code main} (on {@code statement}, over {@code vendor}) and then {@code plan}'s follow-ups, as one
   * unit.
   */
  static <R> R run(Connection vendor, Statement statement, RewritePlan plan, Main<R> main, Binder binder)
      throws SQLException {
    boolean autoCommit = vendor.getAutoCommit();
    Savepoint savepoint = null;
    if (autoCommit) {
      vendor.setAutoCommit(false);
    } else {
      savepoint = vendor.setSavepoint();
    }
    try {
      R result;
      try {
        result = main.run();
      } catch (SQLException | RuntimeException e) {
        if (autoCommit) {
          rollback(vendor, null, e);
        }
        throw e; // in the application's transaction its own failure stays its own, as without Tandem
      }
      long rows = rowsOf(result, statement);
      try {
        for (FollowUp followUp : plan.followUps()) {
          if (followUp.onlyAfterRows() && rows <= 0) {
            continue;
          }
          try (PreparedStatement next = vendor.prepareStatement(followUp.sql())) {
            binder.bind(next, followUp);
            next.executeUpdate();
          }
        }
        if (autoCommit) {
          vendor.commit();
        } else {
          vendor.releaseSavepoint(savepoint);
        }
      } catch (SQLException | RuntimeException e) {
        rollback(vendor, savepoint, e);
        throw e;
      }
      return result;
    } finally {
      if (autoCommit) {
        vendor.setAutoCommit(true);
      }
    }
  }

  private static long rowsOf(Object result, Statement statement) throws SQLException {
    if (result instanceof Number n) {
      return n.longValue();
    }
    return statement.getUpdateCount();
  }

  private static void rollback(Connection vendor, Savepoint savepoint, Throwable failure) {
    try {
      if (savepoint == null) {
        vendor.rollback();
      } else {
        vendor.rollback(savepoint);
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
