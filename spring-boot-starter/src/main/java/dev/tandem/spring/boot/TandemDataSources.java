package dev.tandem.spring.boot;

import dev.tandem.TandemDataSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DataSource beans the starter wrapped, by bean name, for the health indicator and the actuator
 * endpoint. Filled by {@link TandemDataSourceWrapper} as Spring initialises the beans.
 */
public final class TandemDataSources {
  private final Map<String, TandemDataSource> byBeanName = Collections.synchronizedMap(new LinkedHashMap<>());

  void add(String beanName, TandemDataSource dataSource) {
    byBeanName.put(beanName, dataSource);
  }

  /** The wrapped data sources by bean name, in the order Spring created them. */
  public Map<String, TandemDataSource> byBeanName() {
    synchronized (byBeanName) {
      return Map.copyOf(new LinkedHashMap<>(byBeanName));
    }
  }
}
