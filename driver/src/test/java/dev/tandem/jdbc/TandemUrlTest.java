package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TandemUrlTest {

  @Test
  void parse_stripsExactlyThePrefix() throws Exception {
    TandemUrl url = TandemUrl.parse("jdbc:tandem:postgresql://db:5432/app?sslmode=require&applicationName=jdbc:tandem:x");
    assertThat(url.vendorUrl()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=require&applicationName=jdbc:tandem:x");
    assertThat(url.settings()).isEmpty();
  }

  @Test
  void parse_takesSettingsOutOfTheQueryString_keepingTheRestAsWritten() throws Exception {
    TandemUrl url = TandemUrl.parse(
        "jdbc:tandem:postgresql://db/app?tandem.rules=%2Fetc%2Ftandem%2Frules.yaml&ssl=true&tandem.onUnparseable=passthrough");
    assertThat(url.vendorUrl()).isEqualTo("jdbc:postgresql://db/app?ssl=true");
    assertThat(url.settings()).containsExactly(
        Map.entry("tandem.rules", "/etc/tandem/rules.yaml"), Map.entry("tandem.onUnparseable", "passthrough"));
  }

  @Test
  void parse_dropsTheQuestionMarkWhenOnlySettingsWereThere() throws Exception {
    assertThat(TandemUrl.parse("jdbc:tandem:mariadb://h/db?tandem.rules=r.yaml").vendorUrl())
        .isEqualTo("jdbc:mariadb://h/db");
  }

  @Test
  void parse_takesSettingsOutOfSemicolonSegments() throws Exception {
    TandemUrl url = TandemUrl.parse("jdbc:tandem:h2:mem:x;DB_CLOSE_DELAY=-1;tandem.rules=classpath:r.yaml;MODE=PostgreSQL");
    assertThat(url.vendorUrl()).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
    assertThat(url.settings()).containsEntry("tandem.rules", "classpath:r.yaml");
  }

  @Test
  void parse_refusesNestedTandemUrlsAndForeignUrls() {
    assertThatThrownBy(() -> TandemUrl.parse("jdbc:tandem:tandem:h2:mem:x")).isInstanceOf(SQLException.class)
        .hasMessageContaining("not another Tandem URL");
    assertThatThrownBy(() -> TandemUrl.parse("jdbc:h2:mem:x")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> TandemUrl.parse("jdbc:tandem:")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> TandemUrl.parse("jdbc:tandem:h2:mem:x;tandem.rules=a;tandem.rules=b"))
        .hasMessageContaining("twice");
  }

  @Test
  void accepts_onlyTheTandemPrefix() {
    assertThat(TandemUrl.accepts("jdbc:tandem:h2:mem:")).isTrue();
    assertThat(TandemUrl.accepts("jdbc:h2:mem:;x=jdbc:tandem:")).isFalse();
    assertThat(TandemUrl.accepts(null)).isFalse();
  }

  @Test
  void maskUrl_hidesPasswords() {
    assertThat(Secrets.maskUrl("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(Secrets.maskUrl("jdbc:mariadb://u:s3cret@h/db")).isEqualTo("jdbc:mariadb://u:***@h/db");
    assertThat(Secrets.maskUrl("jdbc:h2:mem:x;PASSWORD=s3cret;MODE=X")).isEqualTo("jdbc:h2:mem:x;PASSWORD=***;MODE=X");
  }
}
