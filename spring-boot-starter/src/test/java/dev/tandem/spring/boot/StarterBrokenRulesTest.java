package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/** Rules that cannot be loaded: the application starts, and health says DOWN with the reason. */
@SpringBootTest(classes = StarterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:starter-broken;DB_CLOSE_DELAY=-1",
        "tandem.rules=classpath:tandem/no-such-rules.yaml",
        "management.endpoints.web.exposure.include=health,tandem",
        "management.endpoint.health.show-details=always",
        "spring.flyway.enabled=false"})
class StarterBrokenRulesTest {
  @Autowired
  Environment environment;

  @Test
  void health_isDownAndNamesTheRuleFile() throws Exception {
    Http health = Http.get(environment, "/actuator/health/tandem");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("no-such-rules.yaml").contains("\"loaded\":false");
  }
}
