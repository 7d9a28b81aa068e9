package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "jdbc:postgresql://h/db?user=u&password=s3;cr;et&ssl=true|jdbc:postgresql://h/db?user=u&password=***&ssl=true",
      "jdbc:postgresql://h/db?password=s3;cret|jdbc:postgresql://h/db?password=***",
      "jdbc:mariadb://h/db?user=u&password=a;b;c|jdbc:mariadb://h/db?user=u&password=***",
      "jdbc:postgresql://h/db?sslpassword=k;ey&sslmode=require|jdbc:postgresql://h/db?sslpassword=***&sslmode=require",
      "jdbc:h2:mem:x;PASSWORD=s3cret;MODE=X|jdbc:h2:mem:x;PASSWORD=***;MODE=X",
      "jdbc:mariadb://u:s3;cret@h/db|jdbc:mariadb://u:***@h/db",
      "jdbc:postgresql://h/db?user=u|jdbc:postgresql://h/db?user=u",
      "cannot reach jdbc:postgresql://h/db?password=s3;cret; check the host|cannot reach jdbc:postgresql://h/db?password=*** check the host",
  })
  void maskUrl_hidesTheWholePasswordEvenWithSemicolons(String url, String masked) {
    assertThat(Secrets.maskUrl(url)).isEqualTo(masked);
  }
}
