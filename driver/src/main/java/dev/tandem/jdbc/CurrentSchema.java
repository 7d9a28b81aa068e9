package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.SchemaChange;
import dev.tandem.rewrite.SearchPath;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one connection's unqualified table names go (SPEC §3), as a {@link SearchPath}: read from
 * the server (PostgreSQL {@code current_schemas(false)}, the search path as the server resolves it;
 * MariaDB {@code DATABASE()}; H2 and others {@link Connection#getSchema()}), and read again after
 * anything that may have changed it:
 *
 * <ul>
 *   <li>{@code setSchema}/{@code setCatalog} (whether they succeed or not);
 *   <li>a statement that {@link SchemaChange} says changes it ({@code SET search_path},
 *       {@code USE}, {@code set_config(…)}, …), which is noticed when it is planned: the path is
 *       read lazily, when the next statement needs it, by which time the change has run;
 *   <li>the end of a transaction (commit, rollback, rollback to a savepoint, by method or by
 *       statement) in which such a change ran: PostgreSQL undoes a {@code SET} on rollback and ends a
 *       {@code SET LOCAL} at commit.
 * </ul>
 *
 * The path is read only when a statement needs it (under rules with a move on a schema-qualified
 * table, or for table metadata), so a connection whose rules name no schema never pays for it. A
 * read that fails leaves the path unknown (statements that need it are refused) and is tried again
 * at the next statement. H2's {@code SET SCHEMA_SEARCH_PATH}, which H2 does not report back, is
 * taken from the statement itself: the current schema, then those schemas.
 *
 * <p>One per connection; not thread-safe, like the connection.
 */
final class CurrentSchema {
  private final Connection vendor;
  private final Dialect dialect;
  /** The dialect with its lexical variant (MariaDB's {@code ANSI_QUOTES}), for reading statements. */
  private final Dialect lexical;
  private SearchPath path = SearchPath.UNKNOWN;
  private boolean stale = true;
  /** A change ran since the last transaction end, so that end may undo it. */
  private boolean changedInTransaction;
  /** H2's {@code SCHEMA_SEARCH_PATH}, searched after the current schema. */
  private List<String> h2SearchPath = List.of();
  /** Set while planning a text whose later statements run after a change in the same text. */
  private String unknownBecause;
  private static final int KNOWN_SLOTS = 32;
  /**
   * Recent answers of {@link #of}, by the text's hash (a direct-mapped table); entries are immutable, so
   * a racing reader never pairs one text with another's answer. {@link SchemaChange#of} depends only
   * on the text and the connection's dialect, so an answer never goes stale.
   */
  private final Known[] known = new Known[KNOWN_SLOTS];

  /** The answer of {@link SchemaChange#of} for one text. */
  private record Known(String sql, SchemaChange change) {}

  CurrentSchema(Connection vendor, Dialect dialect) {
    this.vendor = vendor;
    this.dialect = dialect.family();
    this.lexical = dialect;
  }

  /** The path unqualified names follow now, read from the server if something may have changed it. */
  SearchPath path() {
    if (unknownBecause != null) {
      return SearchPath.unknown(unknownBecause);
    }
    if (stale) {
      try {
        path = read();
        stale = false;
      } catch (SQLException e) {
        path = SearchPath.unknown("reading it from the database failed (" + e.getMessage() + ")");
      }
    }
    return path;
  }

  /** Something changed the schema (or may have): read it again when next needed. */
  void changed() {
    stale = true;
    changedInTransaction = true;
  }

  /**
   * What {@code sql}, about to be planned, does to the schema.
   *
   * <p>Remembered per text: a statement prepared again and again (an ORM without a statement cache)
   * is asked about twice per prepare (planning it, and the prepared statement for its executions),
   * and the word scan behind the answer was a third of the time such a prepare took.
   *
   * @return the change; {@link SchemaChange#midway()} ones must be planned under {@link #planningMidway}
   */
  SchemaChange of(String sql) {
    int slot = sql.hashCode() & (KNOWN_SLOTS - 1);
    Known known = this.known[slot];
    if (known != null && (known.sql == sql || known.sql.equals(sql))) {
      return known.change;
    }
    SchemaChange change = SchemaChange.of(sql, lexical);
    this.known[slot] = new Known(sql, change);
    return change;
  }

  /** Plans that follow until {@link #planned} see an unknown path: {@code change} is in the middle of the text. */
  void planningMidway() {
    unknownBecause = "the same statement text changes it before the statements that follow";
  }

  /** {@code change}, the effect of a statement just planned, takes effect when the statement runs. */
  void planned(SchemaChange change) {
    unknownBecause = null;
    switch (change.kind()) {
      case CHANGES -> changed();
      case SETS_H2_SEARCH_PATH -> {
        h2SearchPath = change.h2SearchPath();
        changed();
      }
      case ENDS_TRANSACTION -> transactionEnded();
      case ROLLS_BACK_TO_SAVEPOINT -> rolledBackToSavepoint();
      default -> { }
    }
  }

  /** A commit or rollback: a change made in the transaction may have been undone or have ended. */
  void transactionEnded() {
    if (changedInTransaction) {
      stale = true;
      changedInTransaction = false;
    }
  }

  /** A rollback to a savepoint: a change since it is undone, the transaction goes on. */
  void rolledBackToSavepoint() {
    if (changedInTransaction) {
      stale = true;
    }
  }

  private SearchPath read() throws SQLException {
    switch (dialect) {
      case POSTGRESQL:
        return SearchPath.of(postgresPath());
      case MARIADB:
        return single(vendor.getCatalog(), "no database is selected");
      default:
        String schema = vendor.getSchema();
        if (schema == null || h2SearchPath.isEmpty()) {
          return single(schema, "the driver reports no current schema");
        }
        List<String> schemas = new ArrayList<>(List.of(schema));
        h2SearchPath.stream().filter(s -> !schemas.contains(s)).forEach(schemas::add);
        return SearchPath.of(schemas);
    }
  }

  private static SearchPath single(String schema, String otherwise) {
    return schema == null ? SearchPath.unknown(otherwise) : SearchPath.of(schema);
  }

  private List<String> postgresPath() throws SQLException {
    try (Statement statement = vendor.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_schemas(false)")) {
      rs.next();
      Array array = rs.getArray(1);
      List<String> schemas = new ArrayList<>();
      for (Object schema : (Object[]) array.getArray()) {
        schemas.add(String.valueOf(schema));
      }
      array.free();
      return schemas;
    }
  }
}
