package dev.tandem.spring.boot;

import dev.tandem.TandemDriver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Names the Tandem driver for {@code spring.datasource.url}, {@code spring.flyway.url} and
 * {@code spring.liquibase.url} when they are {@code jdbc:tandem:} URLs and no driver class is given:
 * Boot derives the driver class from the URL's prefix and knows none for Tandem's, so Flyway's and
 * Liquibase's own data sources would fail with "Driver has not been set". Added last, so that any
 * driver class the application sets wins.
 */
public final class TandemUrlDefaults implements EnvironmentPostProcessor {
  private static final List<String> PREFIXES = List.of("spring.datasource", "spring.flyway", "spring.liquibase");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (String prefix : PREFIXES) {
      String url = environment.getProperty(prefix + ".url");
      if (url != null && url.regionMatches(true, 0, "jdbc:tandem:", 0, "jdbc:tandem:".length())
          && environment.getProperty(prefix + ".driver-class-name") == null) {
        defaults.put(prefix + ".driver-class-name", TandemDriver.class.getName());
      }
    }
    if (!defaults.isEmpty() && !environment.getPropertySources().contains("tandemUrlDefaults")) {
      environment.getPropertySources().addLast(new MapPropertySource("tandemUrlDefaults", defaults));
    }
  }
}
