package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RETURNING clause Tandem writes for generated-key names on PostgreSQL, as pgjdbc would. */
class GeneratedKeyNamesTest {
  @Test
  void withReturning_addsTheClause_whenTheWordIsOnlyInAStringOrComment() {
    String[] names = {"email"};
    assertThat(GeneratedKeyNames.withReturning("INSERT INTO customer (id, note) VALUES (?, 'returning')", names))
        .isEqualTo("INSERT INTO customer (id, note) VALUES (?, 'returning')\nRETURNING \"email\"");
    assertThat(GeneratedKeyNames.withReturning("INSERT INTO customer (id) /* returning */ VALUES (?);", names))
        .isEqualTo("INSERT INTO customer (id) /* returning */ VALUES (?)\nRETURNING \"email\"");
    assertThat(GeneratedKeyNames.withReturning("INSERT INTO \"returning\" (id) VALUES (?)", names))
        .endsWith("\nRETURNING \"email\"");
  }

  @Test
  void withReturning_leavesAStatementWithItsOwnClause() {
    String sql = "INSERT INTO customer (id) VALUES (?) returning id";
    assertThat(GeneratedKeyNames.withReturning(sql, new String[] {"email"})).isSameAs(sql);
  }
}
