package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TandemDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which DataSource beans are wrapped: all by default, the named ones, none when disabled, and a bad setting refused. */
class StarterSelectionTest {
  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
      .withBean("primary", DataSource.class, () -> h2("selection-primary"))
      .withBean("reporting", DataSource.class, () -> h2("selection-reporting"));

  private static DataSource h2(String name) {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @Test
  void byDefault_everyDataSourceIsWrapped() {
    context.run(c -> {
      assertThat(c.getBean("primary")).isInstanceOf(TandemDataSource.class);
      assertThat(c.getBean("reporting")).isInstanceOf(TandemDataSource.class);
      assertThat(c.getBean(TandemDataSources.class).byBeanName()).containsOnlyKeys("primary", "reporting");
    });
  }

  @Test
  void dataSourcesListed_onlyThoseAreWrapped() {
    context.withPropertyValues("tandem.data-sources=reporting").run(c -> {
      assertThat(c.getBean("primary")).isNotInstanceOf(TandemDataSource.class);
      assertThat(c.getBean("reporting")).isInstanceOf(TandemDataSource.class);
    });
  }

  @Test
  void disabled_nothingIsWrapped() {
    context.withPropertyValues("tandem.enabled=false").run(c -> {
      assertThat(c.getBean("primary")).isNotInstanceOf(TandemDataSource.class);
      assertThat(c).doesNotHaveBean(TandemDataSources.class);
    });
  }

  @Test
  void unknownDriverSetting_failsStartupNamingIt() {
    context.withPropertyValues("tandem.settings.[tandem.rulez]=x").run(c ->
        assertThat(c).getFailure().rootCause().hasMessageContaining("tandem.rulez"));
  }

  @Test
  void propertiesReachTheDriver_anInvalidValueFailsTheConnectionNamingTheSetting() {
    context.withPropertyValues("tandem.on-unparseable=ignore").run(c -> {
      DataSource ds = c.getBean("primary", DataSource.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(ds::getConnection)
          .hasMessageContaining("tandem.onUnparseable=ignore");
    });
  }
}
