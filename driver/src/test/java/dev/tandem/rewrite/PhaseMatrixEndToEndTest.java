package dev.tandem.rewrite;

import static dev.tandem.rewrite.PhaseMatrixFixture.cell;
import static dev.tandem.rewrite.PhaseMatrixFixture.read;
import static dev.tandem.rewrite.PhaseMatrixFixture.stored;
import static dev.tandem.rewrite.PhaseMatrixFixture.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One end-to-end test per class of failure in issue 12, on H2, PostgreSQL and MariaDB (each where
 * its SQL exists), checking both columns on a raw connection and what the application reads: value,
 * Java type and label. Moves: {@code customer.email -> email_address} (rename) and
 * {@code product.price_cents -> price} (forward {@code {from} / 100.0}, backward
 * {@code CAST(ROUND({to} * 100) AS INT)}).
 *
 * <p>Rows written during contract by the new version leave the old column stale ({@code old@x},
 * {@code 7}): a read that reaches the old column instead of {@code backward(to)} shows it.
 */
class PhaseMatrixEndToEndTest {
  /** Rows as they stand in contract: the old columns are stale, the new ones hold the truth. */
  private static final String[] CONTRACT_ROWS = {
      "INSERT INTO customer (id, email, email_address) VALUES (1, 'old@x', 'a@x'), (2, 'a2@x', 'a2@x'), "
          + "(3, 'old3@x', 'c@x')",
      "INSERT INTO product (id, price_cents, price) VALUES (1, 7, 19.99)"};
  /** Rows an old version wrote before the expand: the new columns are not backfilled. */
  private static final String[] EXPAND_ROWS = {
      "INSERT INTO customer (id, email) VALUES (1, 'a@x')",
      "INSERT INTO customer (id, email, email_address) VALUES (2, 'b@x', 'b@x')",
      "INSERT INTO customer (id, email) VALUES (3, 'c@x')",
      "INSERT INTO product (id, price_cents) VALUES (1, 1999)"};

  @TempDir
  Path dir;

  // ---- contract: SELECT *, t.*, RETURNING, generated keys, INSERT without a column list

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_selectStarAndQualifiedStar_readTheOldColumnAsBackwardOfTheNew(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      assertThat(read(c, "SELECT * FROM customer WHERE id = ?", 1)).containsExactly(List.of(cell("id", 1),
          cell("email", "a@x"), cell("email_address", "a@x"), cell("note", null)));
      assertThat(read(c, "SELECT p.* FROM product p WHERE p.id = ?", 1)).containsExactly(List.of(cell("id", 1),
          cell("price_cents", 1999), cell("price", new BigDecimal("19.99"))));
      assertThat(stored(db, "SELECT price_cents, price FROM product")).containsExactly("7 | 19.99");
    }
  }

  /**
   * After the contract migration drops the old column, an old version's {@code SELECT *} still finds
   * it by label and an {@code INSERT} without a column list either lands in the right columns or is
   * refused: never its values by position in whatever columns are left.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_afterTheOldColumnIsDropped_starKeepsItsLabels_andPositionalInsertNeverMisplaces(Engine engine)
      throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS)) {
      db.execute("ALTER TABLE product DROP COLUMN price_cents");
      try (Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
        assertThat(read(c, "SELECT * FROM product WHERE id = ?", 1)).singleElement()
            .satisfies(row -> assertThat(row).containsExactlyInAnyOrder(cell("id", 1), cell("price_cents", 1999),
                cell("price", new BigDecimal("19.99"))));
        try {
          update(c, "INSERT INTO product VALUES (?, ?)", 2, 1234);
          assertThat(stored(db, "SELECT id, price FROM product WHERE id = 2")).containsExactly("2 | 12.34");
        } catch (SQLException refused) {
          assertThat(refused.getSQLState()).isEqualTo("0A000");
          assertThat(stored(db, "SELECT id FROM product WHERE id = 2")).isEmpty();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_insertWithoutColumnList_writesTheNewColumn(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      // The old version's view of product: every column but the new one.
      update(c, "INSERT INTO product VALUES (?, ?)", 2, 1234);
      assertThat(stored(db, "SELECT price_cents, price FROM product WHERE id = 2")).containsExactly("null | 12.34");
      assertThat(read(c, "SELECT price_cents FROM product WHERE id = ?", 2))
          .containsExactly(List.of(cell("price_cents", 1234)));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void contract_returningStar_readsTheOldColumnAsBackwardOfTheNew(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      // MariaDB has RETURNING on INSERT and DELETE, PostgreSQL everywhere.
      assertThat(read(c, "INSERT INTO product (id, price_cents) VALUES (?, ?) RETURNING *", 2, 2999))
          .containsExactly(List.of(cell("id", 2), cell("price_cents", 2999), cell("price", new BigDecimal("29.99"))));
      assertThat(read(c, "DELETE FROM product WHERE id = ? RETURNING id, price_cents", 1))
          .containsExactly(List.of(cell("id", 1), cell("price_cents", 1999)));
      assertThat(stored(db, "SELECT id, price_cents, price FROM product")).containsExactly("2 | null | 29.99");
    }
  }

  /**
   * PostgreSQL's driver turns the names into a {@code RETURNING}, which Tandem rewrites. H2's driver
   * reads the named columns from the table itself, where the old one is stale: there Tandem cannot
   * place the reference, and SPEC §2 says it must then refuse (0A000, naming the move), not pass it.
   * MariaDB's driver returns only the auto-increment key, whatever names are given.
   */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL"})
  void contract_generatedKeyColumnNames_readTheOldColumnAsBackwardOfTheNew(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      String[] names = engine == Engine.H2 ? new String[] {"ID", "PRICE_CENTS"} : new String[] {"id", "price_cents"};
      String sql = "UPDATE product SET price_cents = ? WHERE id = ?";
      if (engine == Engine.H2) {
        assertThatThrownBy(() -> {
          try (PreparedStatement ps = c.prepareStatement(sql, names)) {
            ps.setInt(1, 2999);
            ps.setInt(2, 1);
            ps.executeUpdate();
          }
        }).isInstanceOf(SQLException.class)
            .hasMessageContaining("move product.price_cents->price")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
        assertThat(stored(db, "SELECT price_cents, price FROM product")).containsExactly("7 | 19.99");
        return;
      }
      try (PreparedStatement ps = c.prepareStatement(sql, names)) {
        ps.setInt(1, 2999);
        ps.setInt(2, 1);
        assertThat(ps.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(PhaseMatrixFixture.cells(keys))
              .containsExactly(List.of(cell("id", 1), cell("price_cents", 2999)));
        }
      }
      assertThat(stored(db, "SELECT price_cents, price FROM product")).containsExactly("7 | 29.99");
    }
  }

  // ---- contract upserts: EXCLUDED.from / VALUES(from) anywhere, conflict targets over from

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_upsert_proposedOldColumnInsideExpressionsAndOtherColumns_readsTheNewOne(Engine engine)
      throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      switch (engine) {
        case POSTGRESQL -> {
          update(c, "INSERT INTO product AS p (id, price_cents) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
              + "SET price_cents = EXCLUDED.price_cents + p.price_cents WHERE EXCLUDED.price_cents > 0", 1, 250);
          update(c, "INSERT INTO customer AS k (id, email) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
              + "SET note = EXCLUDED.email", 2, "new2@x");
        }
        case MARIADB -> {
          update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?) ON DUPLICATE KEY UPDATE "
              + "price_cents = VALUES(price_cents) + price_cents", 1, 250);
          update(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE note = VALUES(email)",
              2, "new2@x");
        }
        case H2 -> {
          // H2 has no EXCLUDED: its upsert is MERGE, whose update part reads the target's old column.
          update(c, "MERGE INTO product p USING (SELECT CAST(? AS INT) AS id, CAST(? AS INT) AS cents) s "
              + "ON p.id = s.id WHEN MATCHED THEN UPDATE SET price_cents = s.cents + p.price_cents", 1, 250);
          update(c, "MERGE INTO customer k USING (SELECT CAST(? AS INT) AS id) s ON k.id = s.id "
              + "WHEN MATCHED THEN UPDATE SET note = k.email", 1);
        }
        default -> throw new IllegalStateException();
      }
      // 250 + backward(19.99) = 2249 cents, never 250 + the stale 7.
      assertThat(stored(db, "SELECT price FROM product WHERE id = 1")).containsExactly("22.49");
      // (How price_cents reads in contract is contract_backwardReadAsAnIntegerColumn_isAnInteger's.)
      assertThat(read(c, "SELECT price FROM product WHERE id = ?", 1))
          .containsExactly(List.of(cell("price", new BigDecimal("22.49"))));
      // PostgreSQL and MariaDB: the proposed email; H2: row 1's email, which is 'a@x', not the stale 'old@x'.
      assertThat(stored(db, "SELECT id, note, email_address FROM customer WHERE note IS NOT NULL"))
          .containsExactly(engine == Engine.H2 ? "1 | a@x | a@x" : "2 | new2@x | a2@x");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_conflictTargetOverTheOldColumn_findsTheRowByTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      // Row 1's old column holds the stale 'old@x'; its email is 'a@x' now.
      switch (engine) {
        case POSTGRESQL -> update(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON CONFLICT (email) DO UPDATE "
            + "SET note = 'found'", 9, "a@x");
        case MARIADB -> update(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE "
            + "note = 'found'", 9, "a@x");
        case H2 -> update(c, "MERGE INTO customer k USING (SELECT CAST(? AS INT) AS id, CAST(? AS VARCHAR(100)) "
            + "AS email) s ON k.email = s.email WHEN MATCHED THEN UPDATE SET note = 'found' "
            + "WHEN NOT MATCHED THEN INSERT (id, email) VALUES (s.id, s.email)", 9, "a@x");
        default -> throw new IllegalStateException();
      }
      assertThat(stored(db, "SELECT id, note, email_address FROM customer ORDER BY id"))
          .containsExactly("1 | found | a@x", "2 | null | a2@x", "3 | null | c@x");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void contract_conflictOnAConstraintOverTheOldColumn_findsTheRowByTheNewOne(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS)) {
      db.execute("DROP INDEX customer_email", "ALTER TABLE customer ADD CONSTRAINT customer_email_key UNIQUE (email)");
      try (Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
        // A constraint name cannot be redirected unless a constraint over the new column stands for it:
        // SPEC §2 lets Tandem refuse it (0A000, naming the move), never send it as written.
        try {
          update(c, "INSERT INTO customer (id, email) VALUES (?, ?) ON CONFLICT ON CONSTRAINT customer_email_key "
              + "DO UPDATE SET note = 'found'", 9, "a@x");
          assertThat(stored(db, "SELECT id, note, email_address FROM customer ORDER BY id"))
              .containsExactly("1 | found | a@x", "2 | null | a2@x", "3 | null | c@x");
        } catch (SQLException refused) {
          assertThat(refused.getSQLState()).isEqualTo("0A000");
          assertThat(refused.getMessage()).contains("move customer.email->email_address");
          assertThat(stored(db, "SELECT id, note, email_address FROM customer ORDER BY id"))
              .containsExactly("1 | null | a@x", "2 | null | a2@x", "3 | null | c@x");
        }
      }
    }
  }

  // ---- repeated assignments to one column (only MariaDB accepts them)

  @ParameterizedTest
  @EnumSource(Phase.class)
  void mariaDb_repeatedAssignmentsToOneColumn_everyOneIsMirroredOrRedirected(Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(Engine.MARIADB,
        "INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', 'a@x'), (2, 'b@x', 'b@x')");
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      update(c, "UPDATE customer SET email = NULL, email = ? WHERE id = ?", "z@x", 1);
      update(c, "UPDATE customer SET email_address = NULL, email_address = '' WHERE id = ?", 2);
      update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?) ON DUPLICATE KEY UPDATE "
          + "price_cents = NULL, price_cents = VALUES(price_cents)", 1, 100);
      update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?) ON DUPLICATE KEY UPDATE "
          + "price_cents = NULL, price_cents = VALUES(price_cents)", 1, 250);
      // In contract the old column is not written: it keeps what it held.
      String oldZ = phase == Phase.CONTRACT ? "a@x" : "z@x";
      String oldEmpty = phase == Phase.CONTRACT ? "b@x" : "";
      assertThat(stored(db, "SELECT email, email_address FROM customer ORDER BY id"))
          .containsExactly(oldZ + " | z@x", oldEmpty + " | ");
      assertThat(stored(db, "SELECT price_cents, price FROM product"))
          .containsExactly((phase == Phase.CONTRACT ? "null" : "250") + " | 2.5");
      assertThat(read(c, "SELECT email, email_address FROM customer ORDER BY id")).containsExactly(
          List.of(cell("email", "z@x"), cell("email_address", "z@x")), List.of(cell("email", ""), cell("email_address", "")));
    }
  }

  // ---- a parenthesised select item keeps its label

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void parenthesisedSelectItem_ofARename_keepsTheLabelTheApplicationReadsItBy(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, phase == Phase.CONTRACT ? CONTRACT_ROWS : backfilled(phase));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      String a = "a@x";
      for (String column : List.of("email", "email_address")) {
        assertThat(read(c, "SELECT DISTINCT (" + column + ") FROM customer WHERE id = 1"))
            .as(column).containsExactly(List.of(cell(column, a)));
        assertThat(read(c, "SELECT (k." + column + ") FROM customer k WHERE k.id = 1"))
            .as(column).containsExactly(List.of(cell(column, a)));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void parenthesisedSelectItem_ofATypeChange_keepsLabelAndType(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, phase == Phase.CONTRACT ? CONTRACT_ROWS : backfilled(phase));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      assertThat(read(c, "SELECT (p.price_cents), (p.price) FROM product p"))
          .containsExactly(List.of(cell("price_cents", 1999), cell("price", new BigDecimal("19.99"))));
      assertThat(read(c, "SELECT DISTINCT (price_cents) FROM product")).containsExactly(List.of(cell("price_cents", 1999)));
    }
  }

  // ---- NOT EXISTS and NOT (EXISTS …) are rewritten like EXISTS

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void notExists_andNotOfExists_areRewrittenLikeExists(Engine engine, Phase phase) throws Exception {
    // Expand: row 1 is not backfilled, its email_address reads as 'a@x'. Contract: rows 1 and 3
    // share the stale 'old…' only in the old column, row 1 and 2 nothing at all.
    String[] rows = phase == Phase.CONTRACT
        ? new String[] {"INSERT INTO customer (id, email, email_address) VALUES (1, 'old@x', 'a@x'), "
            + "(2, 'b@x', 'a@x'), (3, 'old@x', 'c@x')"}
        : new String[] {"INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', " + (phase == Phase.EXPAND
            ? "NULL" : "'a@x'") + "), (2, 'b@x', 'a@x'), (3, 'c@x', 'c@x')"};
    try (TestDatabase db = PhaseMatrixFixture.schema(engine);
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      String on = engine == Engine.MARIADB ? " ON customer" : "";
      db.execute("DROP INDEX customer_email" + on, "DROP INDEX customer_email_address" + on);
      db.execute(rows);
      String column = phase == Phase.CONTRACT ? "email" : "email_address";
      String inner = "SELECT * FROM customer d WHERE d." + column + " = k." + column + " AND d.id <> k.id";
      assertThat(ids(c, "SELECT k.id FROM customer k WHERE EXISTS (" + inner + ") ORDER BY k.id")).containsExactly(1, 2);
      assertThat(ids(c, "SELECT k.id FROM customer k WHERE NOT EXISTS (" + inner + ") ORDER BY k.id")).containsExactly(3);
      assertThat(ids(c, "SELECT k.id FROM customer k WHERE NOT (EXISTS (" + inner + ")) ORDER BY k.id"))
          .containsExactly(3);
    }
  }

  /**
   * The one-way move: a star in the subquery would have to read last_message_id, which contract
   * cannot compute; but nobody reads an EXISTS subquery's select list, so no form of it may be refused.
   */
  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void notExists_ofAStarOverAOneWayMove_isNotRefused(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine,
        "INSERT INTO conversation (id, subject, last_message_id) VALUES (1, 's', 1), (2, 's', 2), (3, 't', 2)");
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      String sameSubject = "SELECT * FROM conversation d WHERE d.subject = k.subject AND d.id <> k.id";
      assertThat(ids(c, "SELECT k.id FROM conversation k WHERE EXISTS (" + sameSubject + ") ORDER BY k.id"))
          .containsExactly(1, 2);
      assertThat(ids(c, "SELECT k.id FROM conversation k WHERE NOT EXISTS (" + sameSubject + ") ORDER BY k.id"))
          .containsExactly(3);
      assertThat(ids(c, "SELECT k.id FROM conversation k WHERE NOT (EXISTS (" + sameSubject + ")) ORDER BY k.id"))
          .containsExactly(3);
    }
  }

  // ---- HAVING that names the column, or an alias named like it

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void having_namingTheMovedColumnOfARename_readsItLikeTheSelectList(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, phase == Phase.CONTRACT ? CONTRACT_ROWS : backfilled(phase));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      assertThat(read(c, "SELECT email, count(*) AS k FROM customer GROUP BY email HAVING email = 'a@x'"))
          .containsExactly(List.of(cell("email", "a@x"), cell("k", 1L)));
      assertThat(read(c, "SELECT email_address, count(*) AS k FROM customer GROUP BY email_address "
          + "HAVING email_address = 'a@x'")).containsExactly(List.of(cell("email_address", "a@x"), cell("k", 1L)));
      if (engine == Engine.MARIADB) {
        // MariaDB resolves a HAVING name through the select list's aliases first.
        assertThat(read(c, "SELECT max(email) AS email FROM customer GROUP BY id HAVING email = 'a@x'"))
            .containsExactly(List.of(cell("email", "a@x")));
        assertThat(read(c, "SELECT max(email) AS m FROM customer GROUP BY id HAVING m = 'a@x'"))
            .containsExactly(List.of(cell("m", "a@x")));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void having_namingTheMovedColumnOfATypeChange_readsItLikeTheSelectList(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, phase == Phase.CONTRACT ? CONTRACT_ROWS : backfilled(phase));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      assertThat(read(c, "SELECT price_cents, count(*) AS k FROM product GROUP BY price_cents HAVING price_cents > 100"))
          .containsExactly(List.of(cell("price_cents", 1999), cell("k", 1L)));
      if (engine == Engine.MARIADB) {
        assertThat(read(c, "SELECT max(price_cents) AS price_cents FROM product GROUP BY id HAVING price_cents > 100"))
            .containsExactly(List.of(cell("price_cents", 1999)));
      }
    }
  }

  // ---- row-value assignment

  /** MariaDB has no row-value assignment. */
  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#h2AndPostgresqlInEveryPhase")
  void rowValueAssignment_ofARename_writesBothColumnsOrRedirects(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, backfilled(Phase.MIGRATED));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      update(c, "UPDATE customer SET (email, note) = (?, ?) WHERE id = ?", "z@x", "n", 1);
      if (engine == Engine.H2) {
        // One column in parentheses, which Tandem once turned into invalid SQL on H2.
        update(c, "UPDATE customer SET (email_address) = (?) WHERE id = ?", "y@x", 2);
      } else {
        // PostgreSQL wants ROW(?) for one column, which the parser cannot read (Tandem refuses it).
        update(c, "UPDATE customer SET (note, email_address) = (NULL, ?) WHERE id = ?", "y@x", 2);
      }
      boolean contract = phase == Phase.CONTRACT;
      assertThat(stored(db, "SELECT email, email_address, note FROM customer WHERE id IN (1, 2) ORDER BY id"))
          .containsExactly((contract ? "a@x" : "z@x") + " | z@x | n", (contract ? "b@x" : "y@x") + " | y@x | null");
      assertThat(read(c, "SELECT email, email_address FROM customer WHERE id = 1"))
          .containsExactly(List.of(cell("email", "z@x"), cell("email_address", "z@x")));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#h2AndPostgresqlInEveryPhase")
  void rowValueAssignment_ofATypeChange_writesBothColumnsOrRedirects(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, backfilled(Phase.MIGRATED));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      update(c, "UPDATE product SET (price, id) = (?, 1) WHERE id = ?", new BigDecimal("12.34"), 1);
      assertThat(stored(db, "SELECT price_cents, price FROM product"))
          .containsExactly((phase == Phase.CONTRACT ? "1999" : "1234") + " | 12.34");
      assertThat(read(c, "SELECT price_cents FROM product")).containsExactly(List.of(cell("price_cents", 1234)));
    }
  }

  // ---- types: every computed value has the declared type of the column it stands for

  @ParameterizedTest
  @EnumSource(Engine.class)
  void expand_coalesceFallback_hasTheScaleOfTheNewColumn(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, EXPAND_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.EXPAND)) {
      assertThat(read(c, "SELECT price FROM product WHERE id = ?", 1))
          .containsExactly(List.of(cell("price", new BigDecimal("19.99"))));
      assertThat(read(c, "SELECT * FROM product")).containsExactly(
          List.of(cell("id", 1), cell("price_cents", 1999), cell("price", new BigDecimal("19.99"))));
      assertThat(stored(db, "SELECT price_cents, price FROM product")).containsExactly("1999 | null");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void contract_backwardReadAsAnIntegerColumn_isAnInteger(Engine engine) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, CONTRACT_ROWS);
        Connection c = PhaseMatrixFixture.connect(db, dir, Phase.CONTRACT)) {
      assertThat(read(c, "SELECT price_cents FROM product WHERE id = ?", 1))
          .containsExactly(List.of(cell("price_cents", 1999)));
      assertThat(read(c, "SELECT p.price_cents AS cents FROM product p")).containsExactly(List.of(cell("cents", 1999)));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.tandem.rewrite.PhaseMatrixFixture#enginesAndPhases")
  void boundValueSubstitutedIntoATransform_keepsItsDecimals(Engine engine, Phase phase) throws Exception {
    try (TestDatabase db = PhaseMatrixFixture.schema(engine, backfilled(Phase.MIGRATED));
        Connection c = PhaseMatrixFixture.connect(db, dir, phase)) {
      update(c, "UPDATE product SET price = ? WHERE id = ?", new BigDecimal("12.34"), 1);
      update(c, "INSERT INTO product (id, price) VALUES (?, ?)", 2, new BigDecimal("0.99"));
      update(c, "INSERT INTO product (id, price_cents) VALUES (?, ?)", 3, 1234);
      String cents1 = phase == Phase.CONTRACT ? "1999" : "1234";
      String cents2 = phase == Phase.CONTRACT ? "null" : "99";
      String cents3 = phase == Phase.CONTRACT ? "null" : "1234";
      assertThat(stored(db, "SELECT id, price_cents, price FROM product ORDER BY id"))
          .containsExactly("1 | " + cents1 + " | 12.34", "2 | " + cents2 + " | 0.99", "3 | " + cents3 + " | 12.34");
      assertThat(read(c, "SELECT price_cents, price FROM product ORDER BY id")).containsExactly(
          List.of(cell("price_cents", 1234), cell("price", new BigDecimal("12.34"))),
          List.of(cell("price_cents", 99), cell("price", new BigDecimal("0.99"))),
          List.of(cell("price_cents", 1234), cell("price", new BigDecimal("12.34"))));
    }
  }

  /** Rows in both columns: backfilled (migrated, and the contract before anything changed), or not (expand). */
  private static String[] backfilled(Phase phase) {
    if (phase == Phase.EXPAND) {
      return new String[] {"INSERT INTO customer (id, email) VALUES (1, 'a@x'), (2, 'b@x')",
          "INSERT INTO product (id, price_cents) VALUES (1, 1999)"};
    }
    return new String[] {"INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', 'a@x'), (2, 'b@x', 'b@x')",
        "INSERT INTO product (id, price_cents, price) VALUES (1, 1999, 19.99)"};
  }

  private static List<Integer> ids(Connection c, String sql) throws SQLException {
    return read(c, sql).stream().map(row -> (Integer) row.get(0).value()).toList();
  }
}
