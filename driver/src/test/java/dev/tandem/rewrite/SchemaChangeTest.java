package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a statement does to the connection's current schema, as a table: dialect, statement text
 * ({@code |} stands for a comma, {@code \\n} for a line break), the {@link SchemaChange.Kind} and whether the change is midway.
 */
class SchemaChangeTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '~', textBlock = """
      postgresql ~ SET search_path TO tenant_b                                    ~ CHANGES                  ~ false
      postgresql ~ set SESSION search_path = tenant_b| public                     ~ CHANGES                  ~ false
      postgresql ~ SET LOCAL search_path TO tenant_b                              ~ CHANGES                  ~ false
      postgresql ~ SET "search_path" TO tenant_b                                  ~ CHANGES                  ~ false
      postgresql ~ SET SCHEMA 'tenant_b'                                          ~ CHANGES                  ~ false
      postgresql ~ /* tag */ SET search_path TO tenant_b                          ~ CHANGES                  ~ false
      postgresql ~ RESET search_path                                              ~ CHANGES                  ~ false
      postgresql ~ RESET ALL                                                      ~ CHANGES                  ~ false
      postgresql ~ DISCARD ALL                                                    ~ CHANGES                  ~ false
      postgresql ~ SELECT set_config('search_path'| 'tenant_b'| false)            ~ CHANGES                  ~ false
      postgresql ~ SELECT pg_catalog.set_config(?| ?| true)                       ~ CHANGES                  ~ false
      postgresql ~ SET search_path TO b; UPDATE customer SET email = 'x'          ~ CHANGES                  ~ true
      postgresql ~ SET search_path TO b                                           ~ CHANGES                  ~ false
      postgresql ~ SET ROLE tenant_b                                              ~ CHANGES                  ~ false
      postgresql ~ SET SESSION AUTHORIZATION tenant_b                             ~ CHANGES                  ~ false
      postgresql ~ RESET ROLE                                                     ~ CHANGES                  ~ false
      postgresql ~ SET statement_timeout TO 1000                                  ~ NONE                     ~ false
      postgresql ~ SELECT 'SET search_path TO b'                                  ~ NONE                     ~ false
      postgresql ~ -- SET search_path TO b\\nSELECT 1                              ~ NONE                     ~ false
      postgresql ~ SELECT $$USE b$$                                               ~ NONE                     ~ false
      postgresql ~ UPDATE users SET schema_name = 'x'                             ~ NONE                     ~ false
      postgresql ~ SELECT CASE WHEN a THEN 1 END FROM t                           ~ NONE                     ~ false
      postgresql ~ COMMIT                                                         ~ ENDS_TRANSACTION         ~ false
      postgresql ~ END                                                            ~ ENDS_TRANSACTION         ~ false
      postgresql ~ ABORT                                                          ~ ENDS_TRANSACTION         ~ false
      postgresql ~ ROLLBACK                                                       ~ ENDS_TRANSACTION         ~ false
      postgresql ~ ROLLBACK TO SAVEPOINT s1                                       ~ ROLLS_BACK_TO_SAVEPOINT  ~ false
      mariadb    ~ USE tenant_b                                                   ~ CHANGES                  ~ false
      mariadb    ~ /*!32312 USE tenant_b*/                                        ~ CHANGES                  ~ false
      mariadb    ~ # USE tenant_b\\nSELECT 1                                       ~ NONE                     ~ false
      mariadb    ~ SELECT "USE tenant_b"                                          ~ NONE                     ~ false
      mariadb    ~ SELECT id FROM users                                           ~ NONE                     ~ false
      h2         ~ SET SCHEMA tenant_b                                            ~ CHANGES                  ~ false
      h2         ~ USE tenant_b                                                   ~ CHANGES                  ~ false
      h2         ~ SET SCHEMA_SEARCH_PATH tenant_b| "Other"                       ~ SETS_H2_SEARCH_PATH      ~ false
      h2         ~ SELECT 1 // USE tenant_b                                       ~ NONE                     ~ false
      """)
  void of_readsTheTextAsTheDatabaseDoes(String dialect, String sql, SchemaChange.Kind kind, boolean midway) {
    SchemaChange change = SchemaChange.of(sql.replace('|', ',').replace("\\n", "\n"), Dialect.parse(dialect));
    assertThat(change.kind()).isEqualTo(kind);
    assertThat(change.midway()).isEqualTo(midway);
  }

  @org.junit.jupiter.api.Test
  void of_h2SearchPath_namesTheSchemasAsH2StoresThem() {
    assertThat(SchemaChange.of("SET SCHEMA_SEARCH_PATH tenant_b, \"Other\"", Dialect.H2).h2SearchPath())
        .isEqualTo(List.of("TENANT_B", "Other"));
  }
}
