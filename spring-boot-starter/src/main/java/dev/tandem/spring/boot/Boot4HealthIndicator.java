package dev.tandem.spring.boot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The {@code tandem} health indicator on Spring Boot 4 (see {@link TandemHealth} for what it reports). */
final class Boot4HealthIndicator extends AbstractHealthIndicator {
  private final TandemDataSources dataSources;

  Boot4HealthIndicator(TandemDataSources dataSources) {
    super("Tandem status could not be read");
    this.dataSources = dataSources;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    var statuses = TandemHealth.statuses(dataSources);
    (TandemHealth.up(statuses) ? builder.up() : builder.down()).withDetails(TandemHealth.details(statuses));
  }
}
