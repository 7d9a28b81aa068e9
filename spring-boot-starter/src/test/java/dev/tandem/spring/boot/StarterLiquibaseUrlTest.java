package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code spring.liquibase.url=jdbc:tandem:…} with {@code tandem-liquibase} on the class path: Boot's Liquibase
 * finds the driver by the Tandem URL (the starter names it), Liquibase the vendor's database type, and the
 * changelog runs through Tandem before the application starts (its INSERT naming the old column writes both).
 */
@SpringBootTest(classes = StarterApplication.class, properties = {
    "spring.datasource.url=jdbc:h2:mem:starter-liquibase;DB_CLOSE_DELAY=-1",
    "spring.liquibase.url=jdbc:tandem:h2:mem:starter-liquibase;DB_CLOSE_DELAY=-1;"
        + "tandem.rules=classpath:tandem/rules.yaml",
    "spring.liquibase.change-log=classpath:db/starter-liquibase/changelog.sql",
    "spring.liquibase.enabled=true",
    "spring.flyway.enabled=false",
    "tandem.rules=classpath:tandem/rules.yaml"})
class StarterLiquibaseUrlTest {

  @Test
  void liquibaseByTandemUrl_migratedThroughTandem() throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:h2:mem:starter-liquibase;DB_CLOSE_DELAY=-1");
        Statement s = raw.createStatement();
        ResultSet rs = s.executeQuery("SELECT email, email_address FROM customer WHERE id = 8")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("liquibase@example.com");
      assertThat(rs.getString(2)).isEqualTo("liquibase@example.com");
    }
  }
}
