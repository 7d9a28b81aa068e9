package dev.tandem.benchmark;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cold rewrite — a statement Tandem has not planned before — against the bare JSqlParser parse
 * of the same statement, for three statements as Hibernate writes them. No plan cache: the
 * rewriter is called directly. The parser is the floor; {@code rewrite} / {@code parse} is what
 * Tandem's own work adds on top.
 *
 * <p>Which JSqlParser is measured depends on the jar: {@code benchmarks.jar} carries the 5.3 release,
 * {@code benchmarks-jsqlparser-ci.jar} (built with {@code -Pjsqlparser-ci}) its maintainer's
 * continuous build. Run: {@code benchmark/run.sh quick ColdRewriteBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ColdRewriteBenchmark {

  @Param({"insert", "update", "selectJoin"})
  public String statement;

  private String sql;
  private RuleSet rules;
  private MoveRewriter rewriter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    switch (statement) {
      case "insert":
        sql = DriverOverheadBenchmark.INSERT;
        break;
      case "update":
        sql = "update conversation set created_at=?,last_message_id=?,subject=?,version=? where id=? and version=?";
        break;
      case "selectJoin":
        sql = "select c1_0.id,c1_0.created_at,c1_0.subject,m1_0.id,m1_0.sent_at from conversation c1_0"
            + " left join message m1_0 on m1_0.id=c1_0.last_message_id where c1_0.version>=? order by"
            + " c1_0.created_at desc offset ? rows fetch first ? rows only";
        break;
      default:
        throw new IllegalArgumentException(statement);
    }
    rules = RuleFileLoader.load("classpath:bench/conversation-rename.yaml");
    rewriter = new MoveRewriter();
  }

  /** The floor: JSqlParser alone, called directly as Tandem calls it (no executor thread). */
  @Benchmark
  public Statement parse() throws Exception {
    return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statement();
  }

  /** Tandem's whole cold path: table match, parse, resolve, rewrite, renumber markers. */
  @Benchmark
  public RewritePlan rewrite() throws Exception {
    return rewriter.rewrite(sql, rules, Dialect.H2, TableColumns.NONE);
  }
}
