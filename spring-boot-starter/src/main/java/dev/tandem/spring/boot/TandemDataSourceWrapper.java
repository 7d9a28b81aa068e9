package dev.tandem.spring.boot;

import dev.tandem.TandemDataSource;
import dev.tandem.jdbc.TandemSetting;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Wraps each DataSource bean (or those {@code tandem.data-sources} names) in a
 * {@link TandemDataSource} with the {@code tandem.*} properties, after the bean is initialised, so
 * the application's pool and URL stay as they are. Runs last, so that other wrappers (tracing,
 * pool metrics) see the pool and Tandem sees every statement the application sends through them.
 */
final class TandemDataSourceWrapper implements BeanPostProcessor, Ordered {
  private final ObjectProvider<TandemProperties> properties;
  private final ObjectProvider<Object> meterRegistry;
  private final TandemDataSources wrapped;

  TandemDataSourceWrapper(ObjectProvider<TandemProperties> properties, ObjectProvider<Object> meterRegistry,
      TandemDataSources wrapped) {
    this.properties = properties;
    this.meterRegistry = meterRegistry;
    this.wrapped = wrapped;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource) || bean instanceof TandemDataSource) {
      return bean;
    }
    TandemProperties props = properties.getObject();
    if (!props.isEnabled() || !props.getDataSources().isEmpty() && !props.getDataSources().contains(beanName)) {
      return bean;
    }
    TandemDataSource tandem = TandemDataSource.wrap(dataSource);
    for (Map.Entry<String, String> setting : props.driverSettings().entrySet()) {
      TandemSetting known = TandemSetting.forKey(setting.getKey());
      if (known == null) {
        throw new IllegalStateException("tandem.settings names " + setting.getKey()
            + ", which is not a Tandem setting; known: " + java.util.Arrays.toString(TandemSetting.values()));
      }
      tandem.set(known, setting.getValue());
    }
    DataSource own = OwnConnections.derivedFrom(dataSource);
    if (own != null) {
      tandem.ownConnections(own);
    }
    Object registry = meterRegistry.getIfAvailable();
    if (registry != null) {
      tandem.meterRegistry(registry);
    }
    wrapped.add(beanName, tandem);
    return tandem;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
