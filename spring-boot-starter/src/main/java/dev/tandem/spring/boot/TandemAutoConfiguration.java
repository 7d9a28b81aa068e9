package dev.tandem.spring.boot;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tandem for Spring Boot 3.5 and 4.0: wraps the DataSource beans ({@link TandemDataSourceWrapper}),
 * and where Actuator is present adds the {@code tandem} health indicator and the
 * {@code /actuator/tandem} endpoint. Each Boot line's health API is used behind a class condition,
 * so the one jar serves both. {@code tandem.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnClass(DataSource.class)
@ConditionalOnProperty(prefix = "tandem", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TandemProperties.class)
public class TandemAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  static TandemDataSources tandemDataSources() {
    return new TandemDataSources();
  }

  /**
   * Static, so that it does not make this configuration's other beans early. The meter registry is
   * looked up by type name: Micrometer is optional.
   */
  @Bean
  static TandemDataSourceWrapper tandemDataSourceWrapper(ObjectProvider<TandemProperties> properties,
      org.springframework.beans.factory.BeanFactory beans, ObjectProvider<TandemDataSources> dataSources) {
    return new TandemDataSourceWrapper(properties, MeterRegistryLookup.of(beans), dataSources.getObject());
  }

  /** The actuator endpoint, where Actuator is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TandemEndpoint tandemEndpoint(TandemDataSources dataSources) {
      return new TandemEndpoint(dataSources);
    }
  }

  /** The health indicator on Boot 3. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
  static class Boot3Health {
    @Bean(name = "tandemHealthIndicator")
    @ConditionalOnMissingBean(name = "tandemHealthIndicator")
    Boot3HealthIndicator tandemHealthIndicator(TandemDataSources dataSources) {
      return new Boot3HealthIndicator(dataSources);
    }
  }

  /** The health indicator on Boot 4. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
  static class Boot4Health {
    @Bean(name = "tandemHealthIndicator")
    @ConditionalOnMissingBean(name = "tandemHealthIndicator")
    Boot4HealthIndicator tandemHealthIndicator(TandemDataSources dataSources) {
      return new Boot4HealthIndicator(dataSources);
    }
  }
}
