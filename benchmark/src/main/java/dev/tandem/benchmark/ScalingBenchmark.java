package dev.tandem.benchmark;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.util.concurrent.TimeUnit;
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
 * How a cold rewrite (no plan cache: the rewriter called directly) grows with the statement: a
 * multi-row {@code INSERT} of 1 to 3,000 rows (five markers a row, each row dual-written), an
 * {@code IN} list of 1 to 19,000 markers, a join of 1 to 30 moved tables. The largest sizes are the
 * largest under the parser's bound of 40,000 code tokens ({@code SqlParser.DEFAULT_MAX_TOKENS}, not
 * settable through {@code MoveRewriter}): a 10,000-row INSERT (about 120,000 tokens) or a 50,000-marker
 * IN list (100,000) is refused with 0A000 before parsing, so measuring it would time the refusal. The rules move
 * {@code conversation.subject} to {@code title} in expand. Linear or better is the target: the
 * chart ({@code benchmark/chart.py}) draws time per row, marker or table, which stays flat when
 * the curve is linear. The plan cache's memory is measured by {@link PlanCacheFootprint}.
 *
 * <p>Run: {@code benchmark/run.sh quick ScalingBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ScalingBenchmark {

  /** The rules and rewriter every statement shape shares. */
  @State(Scope.Thread)
  public static class Rewriter {
    RuleSet rules;
    MoveRewriter rewriter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      rules = RuleFileLoader.load("classpath:bench/conversation-rename.yaml");
      // A parse-time limit far above the largest statement's (the default is 2 s): growth, not the bound, is measured.
      rewriter = new MoveRewriter(4 << 20, 60_000);
    }

    RewritePlan rewrite(String sql) throws Exception {
      return rewriter.rewrite(sql, rules, Dialect.H2, TableColumns.NONE);
    }
  }

  /** {@code INSERT … VALUES (?,?,?,?,?), …} with {@code rows} rows. */
  @State(Scope.Thread)
  public static class InsertRows {
    @Param({"1", "10", "100", "1000", "3000"})
    public int rows;
    String sql;

    @Setup(Level.Trial)
    public void setUp() {
      StringBuilder b = new StringBuilder("insert into conversation (created_at,last_message_id,subject,version,id)"
          + " values ");
      for (int i = 0; i < rows; i++) {
        b.append(i == 0 ? "" : ",").append("(?,?,?,?,?)");
      }
      sql = b.toString();
    }
  }

  /** {@code SELECT … WHERE id IN (?, …)} with {@code markers} markers. */
  @State(Scope.Thread)
  public static class InList {
    @Param({"1", "10", "100", "1000", "10000", "19000"})
    public int markers;
    String sql;

    @Setup(Level.Trial)
    public void setUp() {
      StringBuilder b = new StringBuilder("select c.id,c.subject from conversation c where c.id in (");
      for (int i = 0; i < markers; i++) {
        b.append(i == 0 ? "?" : ",?");
      }
      sql = b.append(')').toString();
    }
  }

  /** A join of {@code tables} aliases of the moved table, each read for its moved column. */
  @State(Scope.Thread)
  public static class Join {
    @Param({"1", "2", "5", "10", "20", "30"})
    public int tables;
    String sql;

    @Setup(Level.Trial)
    public void setUp() {
      StringBuilder select = new StringBuilder("select ");
      StringBuilder from = new StringBuilder(" from conversation c0");
      for (int i = 0; i < tables; i++) {
        select.append(i == 0 ? "" : ",").append('c').append(i).append(".subject");
        if (i > 0) {
          from.append(" join conversation c").append(i).append(" on c").append(i).append(".id=c").append(i - 1)
              .append(".last_message_id");
        }
      }
      sql = select.append(from).append(" where c0.id=?").toString();
    }
  }

  @Benchmark
  public RewritePlan insertRows(Rewriter r, InsertRows s) throws Exception {
    return r.rewrite(s.sql);
  }

  @Benchmark
  public RewritePlan inList(Rewriter r, InList s) throws Exception {
    return r.rewrite(s.sql);
  }

  @Benchmark
  public RewritePlan join(Rewriter r, Join s) throws Exception {
    return r.rewrite(s.sql);
  }
}
