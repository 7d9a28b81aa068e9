package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.tandem.dialect.Dialect;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** DDL is told by its first word as the database lexes the text, and telling it allocates nothing for plain SQL. */
class StatementTextTest {

  @Test
  void firstWord_decides() {
    assertThat(StatementText.isDdl("CREATE TABLE t (id INT)", Dialect.H2)).isTrue();
    assertThat(StatementText.isDdl("  \n\talter table t add c int", Dialect.POSTGRESQL)).isTrue();
    assertThat(StatementText.isDdl("Drop table t", Dialect.MARIADB)).isTrue();
    assertThat(StatementText.isDdl("CREATED", Dialect.H2)).as("a longer word").isFalse();
    assertThat(StatementText.isDdl("SELECT 1 FROM create_log", Dialect.H2)).isFalse();
    assertThat(StatementText.isDdl("insert into t values ('CREATE')", Dialect.H2)).isFalse();
    assertThat(StatementText.isDdl("", Dialect.H2)).isFalse();
    assertThat(StatementText.isDdl("   ", Dialect.H2)).isFalse();
    assertThat(StatementText.isDdl("(SELECT 1)", Dialect.H2)).isFalse();
  }

  @Test
  void leadingComments_areSkipped_asTheDatabaseLexesThem() {
    assertThat(StatementText.isDdl("/* x */ -- y\n CREATE TABLE t (id INT)", Dialect.H2)).isTrue();
    assertThat(StatementText.isDdl("/* a /* nested */ still */ DROP TABLE t", Dialect.POSTGRESQL)).isTrue();
    assertThat(StatementText.isDdl("/* a /* nested */ DROP TABLE t */ SELECT 1", Dialect.POSTGRESQL)).isFalse();
    assertThat(StatementText.isDdl("# note\nTRUNCATE t", Dialect.MARIADB)).isTrue();
    assertThat(StatementText.isDdl("/*! CREATE */ TABLE t (id INT)", Dialect.MARIADB)).as("executable comment").isTrue();
    assertThat(StatementText.isDdl("/*!50100 CREATE TABLE t (id INT) */", Dialect.MARIADB))
        .as("a versioned one may not run").isFalse();
    assertThat(StatementText.isDdl("--1\nCREATE TABLE t", Dialect.MARIADB)).as("--1 is code on MariaDB").isFalse();
  }

  @Test
  void stringPrefixes_areNotWords() {
    assertThat(StatementText.isDdl("E'CREATE'", Dialect.POSTGRESQL)).isFalse();
    assertThat(StatementText.isDdl("U&\"CREATE\"", Dialect.POSTGRESQL)).isFalse();
    assertThat(StatementText.isDdl("E CREATE", Dialect.POSTGRESQL)).isFalse();
  }

  @Test
  void plainStatement_isToldWithoutAllocating() {
    String sql = "select c1_0.id,c1_0.title from conversation c1_0 where c1_0.id=?";
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    StatementText.isDdl(sql, Dialect.H2);
    long before = threads.getCurrentThreadAllocatedBytes();
    boolean any = false;
    for (int i = 0; i < 10_000; i++) {
      any |= StatementText.isDdl(sql, Dialect.H2);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(any).isFalse();
    assertThat(allocated).as("bytes allocated by 10,000 calls").isLessThan(10_000);
  }
}
