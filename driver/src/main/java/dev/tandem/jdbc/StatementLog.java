package dev.tandem.jdbc;

import dev.tandem.rewrite.RewritePlan;
import java.lang.System.Logger.Level;

/**
 * The opt-in statement log (SPEC §8, {@code tandem.statementLog=true}): one INFO line per statement
 * Tandem plans (each execution of a plain statement, each {@code prepareStatement}, each re-plan of
 * a prepared statement after a rule change) on the {@link System.Logger} {@value #LOGGER_NAME}:
 * the application's SQL, the SQL sent, the moves applied and the parameter map (application index
 * to statement indexes). Parameter values are never logged: the log is made from the plan, which
 * holds none.
 */
final class StatementLog {
  /** The logger's name; route it with JUL, SLF4J ({@code slf4j-jdk-platform-logging}) or Log4j. */
  static final String LOGGER_NAME = "dev.tandem.statements";
  private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

  private StatementLog() {}

  /** Logs {@code plan}, if the logger is on for INFO. */
  static void log(RewritePlan plan) {
    if (LOG.isLoggable(Level.INFO)) {
      LOG.log(Level.INFO, format(plan));
    }
  }

  static String format(RewritePlan plan) {
    String kind = plan.kind().name().toLowerCase(java.util.Locale.ROOT);
    if (!plan.isRewritten()) {
      return kind + " sent as written: " + plan.sql();
    }
    StringBuilder followUps = new StringBuilder();
    for (dev.tandem.rewrite.FollowUp followUp : plan.followUps()) {
      followUps.append(" ; then: ").append(followUp.sql()).append(" with application parameters ")
          .append(java.util.Arrays.toString(followUp.sources()));
    }
    return kind + " rewritten by " + String.join(", ", plan.movesApplied()) + ": " + plan.originalSql()
        + " => sent: " + plan.sql() + " ; parameters " + plan.parameters() + " (application index -> statement indexes)"
        + followUps;
  }
}
