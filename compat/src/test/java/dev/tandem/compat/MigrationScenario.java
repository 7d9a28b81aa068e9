package dev.tandem.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rules.Phase;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The expand/contract migration every compatibility test walks through, with an old and a new
 * application version writing and reading through Tandem, and the checks after each step.
 *
 * <ol>
 *   <li>The tables have only the old columns; the old version writes (no moves in the rule file).
 *   <li>The expand migration adds the new columns; the rules go to {@code expand}; both versions write.
 *   <li>The backfill runs on a raw connection.
 *   <li>The rules go to {@code migrated}; both versions write.
 *   <li>The rules go to {@code contract}; both versions write.
 *   <li>The contract migration drops the old columns while the old version still runs; both write.
 * </ol>
 *
 * <p>After each step, a RAW vendor connection must show every row with the values the versions
 * wrote in both columns ({@code email_address = email}, {@code price = price_cents / 100.0}), the new
 * column NULL only on rows written before the expand migration and not backfilled yet, and the old
 * column no longer checked once it is being retired (contract). And each version must read every
 * row as written, in its own column.
 */
final class MigrationScenario implements AutoCloseable {
  /** Applies a schema migration (raw, or through a stack such as Flyway). */
  @FunctionalInterface
  interface Migrator {
    void apply(SchemaMigration migration) throws Exception;
  }

  private final TestDatabase db;
  private final Path dir;
  private final RuleFile rules;
  private final String tandemUrl;
  private final Ledger customers = new Ledger("customer", "email", "email_address",
      ResultSet::getString, ResultSet::getString);
  private final Ledger products = new Ledger("product", "price_cents", "price",
      (rs, i) -> Version.OLD.cents(rs.getObject(i)), (rs, i) -> Version.NEW.cents(rs.getObject(i)));
  private String stage = "before the migration";

  private MigrationScenario(TestDatabase db, Path dir) throws IOException {
    this.db = db;
    this.dir = dir;
    this.rules = new RuleFile(dir.resolve("rules.yaml"));
    rules.writeNoMoves();
    this.tandemUrl = db.tandemUrl("tandem.rules", rules.path().toString(),
        "tandem.reloadIntervalMs", RuleFile.RELOAD_INTERVAL_MS);
  }

  /** A fresh namespace on {@code engine} and a rule file without moves; nothing created yet. */
  static MigrationScenario create(Engine engine) throws IOException {
    TestDatabase db = TestDatabases.fresh(engine);
    return new MigrationScenario(db, Files.createTempDirectory("tandem-compat"));
  }

  TestDatabase database() {
    return db;
  }

  /** The Tandem URL the application is configured with: the rule file and a 50 ms reload interval. */
  String tandemUrl() {
    return tandemUrl;
  }

  /** Runs every migration on a raw vendor connection. */
  Migrator rawMigrations() {
    return migration -> migration.applyRaw(db);
  }

  /** Walks the whole migration with the two versions; see the class comment. */
  void run(AppVersion oldVersion, AppVersion newVersion, Migrator migrator) throws Exception {
    migrator.apply(SchemaMigration.CREATE);
    insert(oldVersion, Version.OLD, 100);
    insert(oldVersion, Version.OLD, 150);
    update(oldVersion, Version.OLD, 100);
    verify(oldVersion, null);

    migrator.apply(SchemaMigration.EXPAND);
    customers.expanded();
    products.expanded();
    enter(Phase.EXPAND, "expand");
    writeBoth(oldVersion, newVersion, 200, 150, 101);
    verify(oldVersion, newVersion);

    stage = "expand, after the backfill";
    db.execute("UPDATE customer SET email_address = email WHERE email_address IS NULL",
        "UPDATE product SET price = price_cents / 100.0 WHERE price IS NULL");
    customers.backfilled();
    products.backfilled();
    verify(oldVersion, newVersion);
    assertEveryRowConsistent();

    enter(Phase.MIGRATED, "migrated");
    writeBoth(oldVersion, newVersion, 300, 250, 200);
    verify(oldVersion, newVersion);
    assertEveryRowConsistent();

    enter(Phase.CONTRACT, "contract");
    customers.retiring();
    products.retiring();
    writeBoth(oldVersion, newVersion, 400, 350, 300);
    verify(oldVersion, newVersion);

    stage = "contract, after the contract migration";
    migrator.apply(SchemaMigration.CONTRACT);
    customers.dropped();
    products.dropped();
    writeBoth(oldVersion, newVersion, 500, 450, 400);
    verify(oldVersion, newVersion);
  }

  private void enter(Phase next, String name) throws Exception {
    rules.write(next);
    RuleFile.awaitInForce(tandemUrl, next);
    stage = name;
  }

  /** Puts the rules at {@code next} and waits until Tandem applies them. */
  void enter(Phase next) throws Exception {
    enter(next, next.yamlName());
  }

  /**
   * The two versions write at the same time, each on a thread of its own: each inserts two rows
   * into each table (the old version ids {@code firstId} and {@code firstId + 1}, the new version
   * {@code firstId + 50} and {@code firstId + 51}) and updates an older row, one the other version
   * wrote (in expand, one written before the migration).
   */
  private void writeBoth(AppVersion oldVersion, AppVersion newVersion, long firstId, long oldUpdates,
      long newUpdates) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> old = threads.submit(() -> {
        insert(oldVersion, Version.OLD, firstId);
        update(oldVersion, Version.OLD, oldUpdates);
      });
      Future<?> neu = threads.submit(() -> {
        insert(newVersion, Version.NEW, firstId + 50);
        update(newVersion, Version.NEW, newUpdates);
      });
      old.get(30, TimeUnit.SECONDS);
      neu.get(30, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Creates the tables, runs the expand migration (raw) and puts the rules at {@code phase}: for
   * tests of one stack feature at one phase, outside the full walk.
   */
  void expandTo(Phase phase) throws Exception {
    SchemaMigration.CREATE.applyRaw(db);
    SchemaMigration.EXPAND.applyRaw(db);
    customers.expanded();
    products.expanded();
    enter(phase);
  }

  /**
   * Asserts on a raw connection, without knowing what was written, that every row has both columns
   * of both moves in step: {@code email_address = email} and {@code price = price_cents / 100.0},
   * each NULL only where the other is.
   */
  void assertEveryRowConsistent() throws SQLException {
    try (Connection raw = db.openRaw(); Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT "
            + "(SELECT count(*) FROM customer WHERE email <> email_address"
            + " OR (email IS NULL) <> (email_address IS NULL)), "
            + "(SELECT count(*) FROM product WHERE price <> price_cents / 100.0"
            + " OR (price IS NULL) <> (price_cents IS NULL))")) {
      rs.next();
      assertThat(rs.getLong(1)).as("%s: customers whose email and email_address differ", stage).isZero();
      assertThat(rs.getLong(2)).as("%s: products whose price is not price_cents / 100.0", stage).isZero();
    }
  }

  private synchronized void wrote(Ledger ledger, Map<Long, ?> rows) {
    ledger.wrote(rows);
  }

  private void insert(AppVersion app, Version version, long firstId) {
    Map<Long, String> emails = new LinkedHashMap<>();
    Map<Long, Long> cents = new LinkedHashMap<>();
    for (long id = firstId; id < firstId + 2; id++) {
      emails.put(id, "c" + id + "@" + version.name().toLowerCase() + ".example");
      cents.put(id, id * 7 + 5);
    }
    app.insertCustomers(emails);
    wrote(customers, emails);
    app.insertProducts(cents);
    wrote(products, cents);
  }

  private void update(AppVersion app, Version version, long id) {
    String email = "c" + id + ".changed@" + version.name().toLowerCase() + ".example";
    long cents = id * 11 + 99;
    app.updateEmail(id, email);
    wrote(customers, Map.of(id, email));
    app.updatePrice(id, cents);
    wrote(products, Map.of(id, cents));
  }

  private void verify(AppVersion oldVersion, AppVersion newVersion) throws SQLException {
    try (Connection raw = db.openRaw()) {
      customers.assertStored(raw, stage);
      products.assertStored(raw, stage);
    }
    assertThat(oldVersion.emails()).as("%s: the old version reads customer.email", stage)
        .isEqualTo(customers.expected());
    assertThat(oldVersion.pricesInCents()).as("%s: the old version reads product.price_cents", stage)
        .isEqualTo(products.expected());
    if (newVersion != null) {
      assertThat(newVersion.emails()).as("%s: the new version reads customer.email_address", stage)
          .isEqualTo(customers.expected());
      assertThat(newVersion.pricesInCents()).as("%s: the new version reads product.price", stage)
          .isEqualTo(products.expected());
    }
  }

  @Override
  public void close() throws SQLException, IOException {
    try {
      db.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Reads a non-NULL column of the current row as the scenario's value (an email, cents). */
  @FunctionalInterface
  private interface ColumnReader {
    Object read(ResultSet rs, int index) throws SQLException;
  }

  /**
   * What the rows of one moved table must hold: the value last written per id (in the old
   * version's units), and which ids have the new column still NULL (written before the expand
   * migration and not backfilled since).
   */
  private static final class Ledger {
    private final String table;
    private final String from;
    private final String to;
    private final ColumnReader fromValue;
    private final ColumnReader toValue;
    private final Map<Long, Object> values = new TreeMap<>();
    private final Set<Long> toMissing = new HashSet<>();
    private boolean hasTo;
    private boolean checkFrom = true;
    private boolean hasFrom = true;

    Ledger(String table, String from, String to, ColumnReader fromValue, ColumnReader toValue) {
      this.table = table;
      this.from = from;
      this.to = to;
      this.fromValue = fromValue;
      this.toValue = toValue;
    }

    void wrote(Map<Long, ?> rows) {
      values.putAll(rows);
      if (hasTo) {
        toMissing.removeAll(rows.keySet());
      }
    }

    void expanded() {
      hasTo = true;
      toMissing.addAll(values.keySet());
    }

    void backfilled() {
      toMissing.clear();
    }

    /** Contract: writes no longer keep the old column, so it is no longer checked. */
    void retiring() {
      checkFrom = false;
    }

    void dropped() {
      hasFrom = false;
    }

    @SuppressWarnings("unchecked")
    <T> Map<Long, T> expected() {
      return (Map<Long, T>) new TreeMap<>(values);
    }

    void assertStored(Connection raw, String stage) throws SQLException {
      Map<Long, Object> fromColumn = new TreeMap<>();
      Map<Long, Object> toColumn = new TreeMap<>();
      String columns = "id" + (hasFrom ? ", " + from : "") + (hasTo ? ", " + to : "");
      try (Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + table + " ORDER BY id")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if (hasFrom) {
            fromColumn.put(id, rs.getObject(2) == null ? null : fromValue.read(rs, 2));
          }
          if (hasTo) {
            int index = hasFrom ? 3 : 2;
            toColumn.put(id, rs.getObject(index) == null ? null : toValue.read(rs, index));
          }
        }
      }
      if (hasFrom && checkFrom) {
        assertThat(fromColumn).as("%s: raw %s.%s", stage, table, from).isEqualTo(values);
      }
      if (hasTo) {
        Map<Long, Object> expectedTo = new TreeMap<>(values);
        toMissing.forEach(id -> expectedTo.put(id, null));
        assertThat(toColumn).as("%s: raw %s.%s (NULL only where not backfilled yet)", stage, table, to)
            .isEqualTo(expectedTo);
      }
    }
  }
}
