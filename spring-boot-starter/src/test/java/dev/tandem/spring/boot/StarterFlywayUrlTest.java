package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code spring.flyway.url=jdbc:tandem:…} with {@code tandem-flyway} on the class path: Boot's Flyway
 * migrates through Tandem before the application starts (the migration's INSERT naming the old
 * column writes both).
 */
@SpringBootTest(classes = StarterApplication.class, properties = {
    "spring.datasource.url=jdbc:h2:mem:starter-flyway;DB_CLOSE_DELAY=-1",
    "spring.flyway.url=jdbc:tandem:h2:mem:starter-flyway;DB_CLOSE_DELAY=-1;tandem.rules=classpath:tandem/rules.yaml",
    "spring.flyway.locations=classpath:db/starter-flyway",
    "tandem.rules=classpath:tandem/rules.yaml"})
class StarterFlywayUrlTest {

  @Test
  void flywayByTandemUrl_migratedThroughTandem() throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:h2:mem:starter-flyway;DB_CLOSE_DELAY=-1");
        Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 7")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("flyway@example.com");
      assertThat(rs.getString(2)).isEqualTo("flyway@example.com");
    }
  }
}
