package dev.tandem.compat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The schema migrations of the scenario, as Flyway SQL files under {@code db/compat/} (the same
 * files whether Flyway runs them or {@link #applyRaw} does): create the tables with the old columns,
 * expand (add {@code email_address} and {@code price}), contract (drop {@code email} and
 * {@code price_cents}).
 */
enum SchemaMigration {
  CREATE("1", "V1__create_customer_and_product.sql"),
  EXPAND("2", "V2__expand_email_address_and_price.sql"),
  CONTRACT("3", "V3__contract_drop_email_and_price_cents.sql");

  private static final String ROOT = "db/compat/";

  private final String flywayVersion;
  private final String file;

  SchemaMigration(String flywayVersion, String file) {
    this.flywayVersion = flywayVersion;
    this.file = file;
  }

  /** The Flyway version of this migration ({@code Flyway.configure().target(…)}). */
  String flywayVersion() {
    return flywayVersion;
  }

  /** The classpath folders that hold the migrations for {@code engine}. */
  static List<String> locations(Engine engine) {
    return List.of(ROOT + "common", ROOT + engineFolder(engine));
  }

  /** The statements of this migration on {@code engine}, in order, without comments. */
  List<String> statements(Engine engine) {
    String folder = this == CREATE ? engineFolder(engine) : "common";
    String path = ROOT + folder + "/" + file;
    try (InputStream in = SchemaMigration.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + path);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.trim().startsWith("--"))
          .collect(Collectors.joining("\n"));
      return Arrays.stream(text.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs this migration on a raw vendor connection, bypassing Tandem. */
  void applyRaw(TestDatabase db) throws SQLException {
    db.execute(statements(db.engine()).toArray(String[]::new));
  }

  private static String engineFolder(Engine engine) {
    return engine == Engine.MARIADB ? "auto-increment" : "identity";
  }
}
