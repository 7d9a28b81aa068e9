package dev.tandem.spring.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application behind the dashboard's screenshot ({@code dashboards/render/screenshot.sh}): the
 * starter's test application on H2 with {@code /actuator/prometheus} on port 18080, an old and a new
 * version's statements in a loop, now and then one Tandem refuses, and one rejected rule edit, so that
 * every panel has something to draw. Not a test; runs until killed.
 */
public final class DashboardDemo {
  private DashboardDemo() {}

  public static void main(String[] args) throws Exception {
    Path rules = Files.createTempFile("tandem-demo", ".yaml");
    try (var in = DashboardDemo.class.getResourceAsStream("/tandem/rules.yaml")) {
      Files.write(rules, in.readAllBytes());
    }
    ConfigurableApplicationContext context = SpringApplication.run(StarterApplication.class,
        "--server.port=18080",
        "--spring.datasource.url=jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1;INIT=CREATE TABLE IF NOT EXISTS customer"
            + "(id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))",
        "--spring.flyway.enabled=false",
        "--tandem.rules=" + rules,
        "--management.endpoints.web.exposure.include=health,tandem,prometheus");
    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    long started = System.nanoTime();
    boolean broken = false;
    for (int i = 1; ; i++) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      jdbc.update("INSERT INTO customer (id, email) VALUES (?, ?)", i, "old" + i + "@example.com");
      jdbc.update("UPDATE customer SET email_address = ? WHERE id = ?", "new" + i + "@example.com", i);
      jdbc.queryForList("SELECT id, email_address FROM customer WHERE id = ?", random.nextInt(1, i + 1));
      jdbc.queryForList("SELECT count(*) FROM customer");
      if (random.nextInt(40) == 0) {
        try {
          jdbc.update("UPDATE customer SET email = RANDOM_UUID() WHERE id = ?", i);
        } catch (RuntimeException refused) {
          // counted as refused: the point of the panel
        }
      }
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      if (!broken && seconds > 60) {
        Files.writeString(rules, "version: 1\nmoves: [broken\n"); // rejected: the last good rules stay
        broken = true;
      }
      Thread.sleep(random.nextInt(5, 25));
    }
  }
}
