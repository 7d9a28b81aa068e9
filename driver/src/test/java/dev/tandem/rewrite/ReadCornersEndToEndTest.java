package dev.tandem.rewrite;

import static dev.tandem.rewrite.ContractEndToEndTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads in corners of the grammar through a real {@code jdbc:tandem:} connection on H2,
 * PostgreSQL and MariaDB, in expand and contract: parenthesised select items keep the label the
 * database gives them without Tandem, and {@code NOT EXISTS (SELECT * …)} passes like {@code EXISTS}.
 */
class ReadCornersEndToEndTest {

  @TempDir
  Path dir;

  private TestDatabase schema(Engine engine) throws SQLException {
    // An old row (only the old column) and a contract-era row (the old column stale).
    return EndToEndFixture.schema(engine,
        "INSERT INTO customer (id, email, email_address) VALUES (1, 'a@x', NULL), (2, 'stale@x', 'new@x')");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void parenthesisedItems_keepTheirLabel(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      String expandSql = "SELECT DISTINCT (email_address) FROM customer WHERE id = 1";
      String contractSql = "SELECT (c.email) FROM customer c WHERE c.id = 2";
      Map<String, Object> rawExpand;
      Map<String, Object> rawContract;
      try (Connection raw = db.openRaw()) {
        rawExpand = row(raw, expandSql);
        rawContract = row(raw, contractSql);
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        Map<String, Object> read = row(c, expandSql);
        assertThat(read.keySet()).isEqualTo(rawExpand.keySet());
        assertThat(read.values()).containsExactly("a@x");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        Map<String, Object> read = row(c, contractSql);
        assertThat(read.keySet()).isEqualTo(rawContract.keySet());
        assertThat(read.values()).containsExactly("new@x");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void notExistsOverAStar_passesInEveryPhase(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      db.execute("CREATE TABLE topic (id INT PRIMARY KEY)", "INSERT INTO topic VALUES (1), (7)");
      for (String phase : new String[] {"expand", "migrated", "contract"}) {
        try (Connection c = EndToEndFixture.connect(db, dir, phase)) {
          assertThat(row(c, "SELECT count(*) AS n FROM topic t WHERE NOT EXISTS (SELECT * FROM customer c "
              + "WHERE c.id = t.id)").get("n").toString()).as(phase).isEqualTo("1");
          assertThat(row(c, "SELECT count(*) AS n FROM topic t WHERE NOT (EXISTS (SELECT * FROM customer c "
              + "WHERE c.id = t.id))").get("n").toString()).as(phase).isEqualTo("1");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void havingNamingTheColumnOrAnAliasLikeIt(Engine engine) throws Exception {
    try (TestDatabase db = schema(engine)) {
      try (Connection c = EndToEndFixture.connect(db, dir, "expand")) {
        Map<String, Object> read = row(c, "SELECT email_address AS email_address, count(*) AS n FROM customer "
            + "GROUP BY email_address HAVING email_address = 'a@x'");
        assertThat(read).containsEntry("email_address", "a@x");
      }
      try (Connection c = EndToEndFixture.connect(db, dir, "contract")) {
        Map<String, Object> read = row(c, "SELECT email, count(*) AS n FROM customer GROUP BY email HAVING email = 'new@x'");
        assertThat(read).containsEntry("email", "new@x");
      }
    }
  }
}
