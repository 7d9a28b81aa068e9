package dev.tandem.spring.boot;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * The application's Micrometer {@code MeterRegistry} bean, found by type name so that this starter
 * loads without Micrometer: an empty provider when Micrometer is absent.
 */
final class MeterRegistryLookup {
  private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  private MeterRegistryLookup() {}

  @SuppressWarnings("unchecked")
  static ObjectProvider<Object> of(BeanFactory beans) {
    ClassLoader loader = MeterRegistryLookup.class.getClassLoader();
    // No bean is ever of type Void: the provider of a registry that cannot exist.
    Class<?> type = ClassUtils.isPresent(METER_REGISTRY, loader)
        ? ClassUtils.resolveClassName(METER_REGISTRY, loader) : Void.class;
    return (ObjectProvider<Object>) beans.getBeanProvider(type);
  }
}
