package dev.tandem.reliability;

import dev.tandem.testing.Engine;

/**
 * The SQL one application version of the stress test sends, on one engine. The old version names
 * {@code email} and {@code price_cents}, the new one {@code email_address} and {@code price}; both
 * always use {@code ?} markers, so that one prepared statement serves many rows and many reloads.
 */
final class StressStatements {
  /** What the raw checks read: every column of both moves. */
  static final String STORED = "SELECT email, email_address, price_cents, price FROM item WHERE id = ?";

  private final Engine engine;
  private final boolean oldVersion;
  private final String email;
  private final String price;

  StressStatements(Engine engine, boolean oldVersion) {
    this.engine = engine;
    this.oldVersion = oldVersion;
    this.email = StressMove.EMAIL.column(oldVersion);
    this.price = StressMove.PRICE.column(oldVersion);
  }

  boolean oldVersion() {
    return oldVersion;
  }

  /** Parameters: id, email, price. */
  String insert() {
    return "INSERT INTO item (id, " + email + ", " + price + ") VALUES (?, ?, ?)";
  }

  /** Parameters: the new value of each move in {@code moves}, then id. */
  String update(StressMove... moves) {
    StringBuilder sql = new StringBuilder("UPDATE item SET ");
    for (int i = 0; i < moves.length; i++) {
      sql.append(i == 0 ? "" : ", ").append(moves[i].column(oldVersion)).append(" = ?");
    }
    return sql.append(" WHERE id = ?").toString();
  }

  /** Whether this engine has an upsert the stress test sends ({@code ON CONFLICT}, {@code ON DUPLICATE KEY}). */
  boolean hasUpsert() {
    return engine != Engine.H2;
  }

  /** Parameters: id, email, price; inserts the row or updates both moves. */
  String upsert() {
    String head = insert();
    if (engine == Engine.POSTGRESQL) {
      return head + " ON CONFLICT (id) DO UPDATE SET " + email + " = EXCLUDED." + email + ", " + price
          + " = EXCLUDED." + price;
    }
    return head + " ON DUPLICATE KEY UPDATE " + email + " = VALUES(" + email + "), " + price + " = VALUES(" + price
        + ")";
  }

  /** Whether this engine runs {@code MERGE} (MariaDB has none). */
  boolean hasMerge() {
    return engine != Engine.MARIADB;
  }

  /** Parameters: id, email, price; a MERGE that updates both moves or inserts the row. */
  String merge() {
    return "MERGE INTO item t USING (SELECT CAST(? AS BIGINT) AS id, CAST(? AS " + StressMove.EMAIL.type(oldVersion)
        + ") AS e, CAST(? AS " + StressMove.PRICE.type(oldVersion) + ") AS p) s ON t.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET " + email + " = s.e, " + price + " = s.p"
        + " WHEN NOT MATCHED THEN INSERT (id, " + email + ", " + price + ") VALUES (s.id, s.e, s.p)";
  }

  /** Parameter: id; columns: email, price as this version names them. */
  String read() {
    return "SELECT " + email + ", " + price + " FROM item WHERE id = ?";
  }

  /** Parameters: id, the value {@code move}'s column is believed to hold. */
  String deleteWhere(StressMove move) {
    return "DELETE FROM item WHERE id = ? AND " + move.column(oldVersion) + " = ?";
  }
}
