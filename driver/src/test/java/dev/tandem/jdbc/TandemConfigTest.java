package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TandemConfigTest {

  @Test
  void resolve_urlBeatsPropertiesBeatsSystemBeatsEnvironment() throws Exception {
    Properties info = new Properties();
    info.setProperty("tandem.rules", "from-properties");
    info.setProperty("tandem.dialect", "mariadb");
    Properties system = new Properties();
    system.setProperty("tandem.rules", "from-system");
    system.setProperty("tandem.reloadIntervalMs", "50");
    Map<String, String> env = Map.of("TANDEM_RULES", "from-env", "TANDEM_RELOAD_INTERVAL_MS", "70",
        "TANDEM_SCHEMA_CHECK", "false");

    TandemConfig config = TandemConfig.resolve(Map.of("tandem.rules", "from-url"), info, system, env);

    assertThat(config.rules()).isEqualTo("from-url");
    assertThat(config.dialect()).isEqualTo(Dialect.MARIADB);
    assertThat(config.reloadInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.schemaCheck()).isFalse();
    assertThat(config.onUnparseablePassThrough()).isFalse();
  }

  @Test
  void resolve_unknownTandemKey_isAnErrorNotASilentDefault() {
    Properties info = new Properties();
    info.setProperty("tandem.rulez", "x");
    assertThatThrownBy(() -> TandemConfig.resolve(Map.of(), info, new Properties(), Map.of()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("unknown Tandem setting tandem.rulez")
        .hasMessageContaining("tandem.rules");
  }

  @Test
  void resolve_invalidValues_nameTheSetting() {
    assertThatThrownBy(() -> TandemConfig.resolve(Map.of("tandem.reloadIntervalMs", "soon"), null,
        new Properties(), Map.of())).hasMessageContaining("tandem.reloadIntervalMs=soon is not valid");
    assertThatThrownBy(() -> TandemConfig.resolve(Map.of("tandem.dialect", "oracle"), null,
        new Properties(), Map.of())).hasMessageContaining("tandem.dialect=oracle");
  }

  @Test
  void vendorProperties_dropTandemKeysOnly() {
    Properties info = new Properties();
    info.setProperty("tandem.rules", "r.yaml");
    info.setProperty("user", "app");
    assertThat(TandemConfig.vendorProperties(info)).containsOnlyKeys("user");
  }

  @Test
  void environmentVariables_areNamedAfterTheKeys() {
    assertThat(TandemSetting.ON_UNPARSEABLE.environmentVariable()).isEqualTo("TANDEM_ON_UNPARSEABLE");
    assertThat(TandemSetting.RELOAD_INTERVAL.environmentVariable()).isEqualTo("TANDEM_RELOAD_INTERVAL_MS");
  }

  @Test
  void driver_rejectsUnknownSettingInUrl_beforeConnecting() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tandem:h2:mem:x;tandem.phase=expand"))
        .isInstanceOf(SQLException.class).hasMessageContaining("unknown Tandem setting tandem.phase");
  }

  @Test
  void planCacheSize_defaultsAndRejectsNonsense() {
    assertThat(ConnectionFactory.planCacheSize(null)).isEqualTo(dev.tandem.jdbc.PlanCache.DEFAULT_SIZE);
    assertThat(ConnectionFactory.planCacheSize("250")).isEqualTo(250);
    assertThat(ConnectionFactory.planCacheSize("-1")).isEqualTo(dev.tandem.jdbc.PlanCache.DEFAULT_SIZE);
    assertThat(ConnectionFactory.planCacheSize("lots")).isEqualTo(dev.tandem.jdbc.PlanCache.DEFAULT_SIZE);
  }
}
