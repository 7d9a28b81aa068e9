package dev.tandem.spring.boot;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The {@code tandem} health indicator on Spring Boot 3 (see {@link TandemHealth} for what it reports). */
final class Boot3HealthIndicator extends AbstractHealthIndicator {
  private final TandemDataSources dataSources;

  Boot3HealthIndicator(TandemDataSources dataSources) {
    super("Tandem status could not be read");
    this.dataSources = dataSources;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    var statuses = TandemHealth.statuses(dataSources);
    (TandemHealth.up(statuses) ? builder.up() : builder.down()).withDetails(TandemHealth.details(statuses));
  }
}
