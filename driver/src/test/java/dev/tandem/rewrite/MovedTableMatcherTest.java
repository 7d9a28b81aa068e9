package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import org.junit.jupiter.api.Test;

/** The fast path may skip a statement only when no lexing of it could name a moved table (SPEC §6). */
class MovedTableMatcherTest {
  private final MovedTableMatcher postgresql =
      new MovedTableMatcher(TestRules.parse("rename"), SqlLexer.of(Dialect.POSTGRESQL));
  private final MovedTableMatcher mariadb =
      new MovedTableMatcher(TestRules.parse("rename"), SqlLexer.of(Dialect.MARIADB));

  @Test
  void unicodeEscapedName_isDecoded() {
    assertThat(postgresql.firstNamed("UPDATE U&\"\\0063onversation\" SET subject = 'x'")).isNotNull();
    assertThat(postgresql.firstNamed("UPDATE u&\"C!006fnversation\" UESCAPE '!' SET subject = 'x'")).isNotNull();
    assertThat(postgresql.firstNamed("UPDATE U&\"\\0063ustomer\" SET subject = 'x'")).isNull();
    assertThat(postgresql.firstNamed("UPDATE U&\"\\zzzz\" SET subject = 'x'")).as("undecodable: maybe").isNotNull();
  }

  @Test
  void versionNumberOfAnExecutableComment_doesNotHideTheName() {
    assertThat(mariadb.firstNamed("SELECT 1 /*!50100conversation*/")).isNotNull();
    assertThat(mariadb.firstNamed("SELECT 1 FROM t1conversation")).as("a false hit, then parsed").isNotNull();
    assertThat(mariadb.firstNamed("SELECT 1 FROM conversation$x")).isNotNull();
    assertThat(mariadb.firstNamed("SELECT 1 FROM conversations")).isNull();
    assertThat(mariadb.firstNamed("SELECT 1 FROM myconversation")).isNull();
  }
}
