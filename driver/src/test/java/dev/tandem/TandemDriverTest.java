package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.jdbc.TandemSetting;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TandemDriverTest {

  @Test
  void driver_isRegisteredThroughServiceLoader() {
    assertThat(ServiceLoader.load(Driver.class).stream().map(p -> p.type().getName()))
        .contains(TandemDriver.class.getName());
  }

  @Test
  void acceptsURL_onlyTandemUrls() throws SQLException {
    Driver driver = DriverManager.getDriver("jdbc:tandem:h2:mem:x");
    assertThat(driver).isInstanceOf(TandemDriver.class);
    assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
    assertThat(new TandemDriver().connect("jdbc:h2:mem:x", new Properties())).isNull();
  }

  @Test
  void getPropertyInfo_listsTandemSettingsAndTheVendors() throws SQLException {
    DriverPropertyInfo[] info = new TandemDriver().getPropertyInfo("jdbc:tandem:postgresql://127.0.0.1/x", new Properties());
    assertThat(Arrays.stream(info).map(p -> p.name)).contains("tandem.rules", "tandem.onUnparseable");
    assertThat(info.length).isGreaterThan(TandemSetting.values().length);
  }

  @Test
  void versions_areSensible() {
    TandemDriver driver = new TandemDriver();
    assertThat(driver.getMajorVersion()).isEqualTo(TandemDriver.MAJOR_VERSION);
    assertThat(driver.getMinorVersion()).isEqualTo(TandemDriver.MINOR_VERSION);
    assertThat(driver.jdbcCompliant()).isFalse();
  }

  @Test
  void connect_withNoVendorDriver_saysWhatIsMissingWithoutThePassword() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tandem:nosuchdb://h/x?password=s3cret"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no JDBC driver on the class path accepts jdbc:nosuchdb://h/x?password=***")
        .hasMessageNotContaining("s3cret");
  }
}
