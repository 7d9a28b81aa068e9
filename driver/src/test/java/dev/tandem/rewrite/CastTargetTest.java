package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import java.sql.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cast target of each declared type, per dialect, from metadata as each driver reports it
 * (TYPE_NAME, DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS seen on pgjdbc 42.7, MariaDB Connector/J 3.5 and
 * H2 2.3), and the type a transform's own outer cast names.
 */
class CastTargetTest {

  @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "POSTGRESQL | int4        | 4    | 10         | 0    | integer",
      "POSTGRESQL | numeric     | 2    | 12         | 2    | numeric(12,2)",
      "POSTGRESQL | numeric     | 2    | 0          | NULL | numeric",
      "POSTGRESQL | timestamp   | 93   | 26         | 3    | timestamp(3)",
      "POSTGRESQL | timestamptz | 93   | 35         | 6    | timestamptz(6)",
      "POSTGRESQL | float8      | 8    | 17         | 17   | double precision",
      "POSTGRESQL | varchar     | 12   | 20         | 0    | NULL",
      "POSTGRESQL | text        | 12   | 2147483647 | 0    | NULL",
      "POSTGRESQL | bool        | -7   | 1          | 0    | boolean",
      "MARIADB    | INT         | 4    | 10         | 0    | SIGNED",
      "MARIADB    | INT UNSIGNED | 4   | 10         | 0    | UNSIGNED",
      "MARIADB    | DECIMAL     | 3    | 12         | 2    | DECIMAL(12,2)",
      "MARIADB    | DATETIME    | 93   | 19         | NULL | DATETIME(0)",
      "MARIADB    | DATETIME    | 93   | 23         | NULL | DATETIME(3)",
      "MARIADB    | FLOAT       | 7    | 12         | NULL | FLOAT",
      "MARIADB    | BOOLEAN     | 16   | 3          | 0    | NULL",
      "MARIADB    | VARCHAR     | 12   | 20         | NULL | NULL",
      "H2         | INTEGER     | 4    | 32         | 0    | INTEGER",
      "H2         | NUMERIC     | 2    | 12         | 2    | NUMERIC(12,2)",
      "H2         | NUMERIC     | 2    | 100000     | 0    | NULL",
      "H2         | DECFLOAT    | 2    | 100000     | 0    | NULL",
      "H2         | TIMESTAMP WITH TIME ZONE | 2014 | 32 | 6 | TIMESTAMP(6) WITH TIME ZONE",
      "H2         | CHARACTER VARYING | 12 | 20     | 0    | NULL"})
  void castTarget_perDialect(Dialect dialect, String typeName, int dataType, int size, Integer digits,
      String expected) {
    assertThat(CastTarget.of(new ColumnType(typeName, dataType, size, digits), dialect)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "CAST(ROUND({to} * 100) AS INT)              | INT 4 0 NULL",
      "cast(round({to} * 100) as bigint)           | BIGINT -5 0 NULL",
      "CAST({to} AS DECIMAL(12, 2))                | DECIMAL 3 12 2",
      "CAST({to} AS DECIMAL)                       | NULL",
      "CAST({to} AS INT) + 1                       | NULL",
      "CAST(a AS INT) + CAST(b AS INT)             | NULL",
      "ROUND({to} * 100)                           | NULL",
      "CAST({to} AS VARCHAR(10))                   | NULL"})
  void castBy_theTransformsOwnOuterCast(String template, String expected) {
    ColumnType type = ColumnType.castBy(template);
    if (expected == null) {
      assertThat(type).isNull();
      return;
    }
    String[] e = expected.split(" ");
    assertThat(type).isEqualTo(new ColumnType(e[0], Integer.parseInt(e[1]), Integer.parseInt(e[2]),
        e[3].equals("NULL") ? null : Integer.valueOf(e[3])));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"4, true", "5, true", "-6, true", "-5, false"})
  void mariaDbIntegers_narrowInTheResultSet_butBigintDoesNot(int dataType, boolean narrows) {
    ColumnType type = new ColumnType("X", dataType, 10, 0);
    assertThat(CastTarget.narrowsInResult(type, Dialect.MARIADB)).isEqualTo(narrows);
    assertThat(CastTarget.narrowsInResult(type, Dialect.POSTGRESQL)).isFalse();
    assertThat(CastTarget.narrowsInResult(new ColumnType("INT UNSIGNED", Types.INTEGER, 10, 0), Dialect.MARIADB))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"1999, 4, java.lang.Integer", "7, 5, java.lang.Short", "9999999999, 4, java.lang.Long"})
  void resultTypes_narrowALongThatFits(long value, int dataType, String javaType) {
    ResultTypes types = new ResultTypes(java.util.Map.of("price_cents", dataType));
    assertThat(types.narrowed("PRICE_CENTS", value).getClass().getName()).isEqualTo(javaType);
    assertThat(types.narrowed("other", value)).isInstanceOf(Long.class);
  }
}
