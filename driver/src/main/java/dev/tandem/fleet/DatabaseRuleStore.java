package dev.tandem.fleet;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleFileException;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rule sets kept in the application's database ({@value FleetTables#RULES}): each publication is a new
 * row holding the whole document, with the next revision number. Nothing is ever updated in place, so
 * an instance reading the table sees one whole revision or the one before it, never half of a file
 * being written, and every revision that was ever in force can be read back.
 *
 * <p>A document is validated exactly like a rule file before it is published, and again by every
 * reader ({@link #load}); a row that does not load is reported with its revision as the source.
 */
public final class DatabaseRuleStore {
  private static final int PUBLISH_ATTEMPTS = 3;

  private final Connection connection;
  private final Dialect dialect;

  /** A store over {@code connection} (a vendor connection; the caller closes it). */
  public DatabaseRuleStore(Connection connection, Dialect dialect) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** The newest revision, or {@code null} when nothing has been published. */
  public RuleRevision latest() throws SQLException {
    List<RuleRevision> newest = history(1);
    return newest.isEmpty() ? null : newest.get(0);
  }

  /** The newest {@code limit} revisions, newest first. */
  public List<RuleRevision> history(int limit) throws SQLException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return read(" ORDER BY revision DESC LIMIT " + limit);
  }

  /** Revision {@code number}, or {@code null} when there is none. */
  public RuleRevision revision(long number) throws SQLException {
    List<RuleRevision> found = read(" WHERE revision = " + number);
    return found.isEmpty() ? null : found.get(0);
  }

  /** The revision published just before {@code number}, or {@code null} when it is the first. */
  public RuleRevision before(long number) throws SQLException {
    List<RuleRevision> found = read(" WHERE revision < " + number + " ORDER BY revision DESC LIMIT 1");
    return found.isEmpty() ? null : found.get(0);
  }

  private List<RuleRevision> read(String condition) throws SQLException {
    String sql = "SELECT revision, document, created_at, created_by FROM " + FleetTables.RULES + condition;
    List<RuleRevision> found = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Timestamp at = rs.getTimestamp(3);
        found.add(new RuleRevision(rs.getLong(1), rs.getString(2), at == null ? null : at.toInstant(), rs.getString(4)));
      }
    }
    return found;
  }

  /**
   * Validates {@code document} as a rule file and publishes it as the next revision.
   *
   * @param createdBy who publishes it (an operator's name, a deploy job), for the record
   * @return the revision as stored
   * @throws RuleFileException when the document is not a valid rule file; nothing is stored then
   */
  public RuleRevision publish(String document, String createdBy) throws SQLException, RuleFileException {
    RuleFileLoader.parse(document, "the document to publish");
    SQLException last = null;
    for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      long revision = nextRevision();
      String sql = "INSERT INTO " + FleetTables.RULES + " (revision, document, created_at, created_by) VALUES (?, ?, "
          + FleetTables.now(dialect) + ", ?)";
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        ps.setLong(1, revision);
        ps.setString(2, document);
        ps.setString(3, createdBy);
        ps.executeUpdate();
        return latest();
      } catch (SQLException e) {
        // Another operator published the same revision number first (a primary-key violation): take the next.
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
        last = e;
      }
    }
    throw new SQLException("could not publish a rule revision after " + PUBLISH_ATTEMPTS
        + " attempts: others kept publishing at the same time", "40001", last);
  }

  /** The rule set of {@code revision}, validated like a file whose name says which revision it is. */
  public static RuleSet load(RuleRevision revision) throws RuleFileException {
    return RuleFileLoader.parse(revision.document(), sourceName(revision.revision()));
  }

  /** How a revision is named in messages: {@code tandem_rules revision 7}. */
  public static String sourceName(long revision) {
    return FleetTables.RULES + " revision " + revision;
  }

  private long nextRevision() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT MAX(revision) FROM " + FleetTables.RULES);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) + 1;
    }
  }
}
