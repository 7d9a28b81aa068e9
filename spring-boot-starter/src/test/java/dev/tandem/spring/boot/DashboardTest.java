package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rules.RuleSource;
import dev.tandem.rules.RuleSourceRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Grafana dashboard and the Prometheus alerts in {@code dashboards/} name only meters and labels
 * that a real application exposes: the application rewrites, refuses and reloads once each, then
 * every metric, grouping label and label matcher in the dashboard's and the alerts' expressions must
 * be in its {@code /actuator/prometheus} scrape.
 */
@SpringBootTest(classes = StarterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardTest {
  private static final Path DASHBOARDS = Path.of(System.getProperty("tandem.dashboards", "../dashboards"));
  private static final Pattern METRIC = Pattern.compile("\\b(tandem_[a-z_]+)\\b(\\{([^}]*)\\})?");
  private static final Pattern BY = Pattern.compile("by \\(([^)]*)\\)");
  private static final Pattern MATCHER = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
  private static Path rules;

  @Autowired
  DataSource dataSource;

  @Autowired
  Environment environment;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    rules = Files.createTempFile("tandem-dashboard", ".yaml");
    try (var in = DashboardTest.class.getResourceAsStream("/tandem/rules.yaml")) {
      Files.write(rules, in.readAllBytes());
    }
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1;INIT=CREATE TABLE IF NOT "
        + "EXISTS customer(id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
    registry.add("tandem.rules", rules::toString);
    registry.add("management.endpoints.web.exposure.include", () -> "prometheus");
    registry.add("spring.flyway.enabled", () -> "false");
    // Boot turns metric export off in tests; this one reads the scrape.
    registry.add("management.prometheus.metrics.export.enabled", () -> "true");
  }

  @Test
  void everyMetricAndLabelTheDashboardAndAlertsName_isInARealScrape() throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.update("INSERT INTO customer (id, email) VALUES (?, ?)", 1, "ann@example.com");
    jdbc.queryForList("SELECT email_address FROM customer");
    assertThatThrownBy(() -> jdbc.update("UPDATE customer SET email = RANDOM_UUID() WHERE id = 1"))
        .hasMessageContaining("customer-email");
    // An edit rejected while the application holds a connection (so its rule source stays open).
    try (java.sql.Connection held = dataSource.getConnection();
        RuleSourceRegistry.Lease lease = RuleSourceRegistry.shared().acquire(rules.toString(),
        RuleSource.DEFAULT_POLL_INTERVAL)) {
      Files.writeString(rules, "version: 1\nmoves: [broken\n");
      assertThatThrownBy(() -> lease.source().reload()).isInstanceOf(dev.tandem.rules.RuleFileException.class);
    }

    String scrape = Http.get(environment, "/actuator/prometheus").body();
    List<String> expressions = new ArrayList<>(dashboardExpressions());
    expressions.addAll(alertExpressions());
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
    for (String expr : expressions) {
      Matcher metric = METRIC.matcher(expr);
      Set<String> names = new LinkedHashSet<>();
      while (metric.find()) {
        String name = metric.group(1);
        names.add(name);
        assertThat(scrape).as("%s in %s", name, expr).containsPattern("(?m)^" + name + "[{ ]");
        if (metric.group(3) != null) {
          Matcher m = MATCHER.matcher(metric.group(3));
          while (m.find()) {
            assertThat(scrape).as("%s=\"%s\" on %s", m.group(1), m.group(2), name)
                .containsPattern("(?m)^" + name + "\\{[^}]*" + m.group(1) + "=\"" + Pattern.quote(m.group(2)) + "\"");
          }
        }
      }
      assertThat(names).as("metrics in %s", expr).isNotEmpty();
      Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          String l = label.trim();
          if (l.equals("instance")) {
            continue; // added by Prometheus when it scrapes
          }
          assertThat(names).as("label %s in %s", l, expr)
              .anyMatch(name -> Pattern.compile("(?m)^" + name + "\\{[^}]*\\b" + l + "=").matcher(scrape).find());
        }
      }
    }
  }

  /** The alerts file is valid for Prometheus itself, where its {@code promtool} is installed. */
  @Test
  void alerts_passPromtool() throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool),
        "promtool is not installed (apt-get install prometheus); the alerts file is not checked by it");
    Process check = new ProcessBuilder(promtool.toString(), "check", "rules",
        DASHBOARDS.resolve("prometheus-alerts.yaml").toString()).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 2 rules found");
  }

  @SuppressWarnings("unchecked")
  private static List<String> dashboardExpressions() throws IOException {
    Map<String, Object> dashboard = JsonParserFactory.getJsonParser()
        .parseMap(Files.readString(DASHBOARDS.resolve("grafana-tandem.json")));
    assertThat(dashboard).containsKeys("title", "panels", "uid");
    List<String> expressions = new ArrayList<>();
    for (Object panel : (List<Object>) dashboard.get("panels")) {
      for (Object target : (List<Object>) ((Map<String, Object>) panel).get("targets")) {
        expressions.add((String) ((Map<String, Object>) target).get("expr"));
      }
    }
    return expressions;
  }

  private static List<String> alertExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    for (String line : Files.readAllLines(DASHBOARDS.resolve("prometheus-alerts.yaml"))) {
      String t = line.trim();
      if (t.startsWith("expr:")) {
        expressions.add(t.substring("expr:".length()).trim());
      }
    }
    assertThat(expressions).isNotEmpty();
    return expressions;
  }
}
