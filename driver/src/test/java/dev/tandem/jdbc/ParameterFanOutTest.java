package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rewrite.ParameterMap;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.StatementKind;
import dev.tandem.rules.RuleSet;
import dev.tandem.testing.TestRuleSets;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JDBC half of SPEC §4: every indexed setter fans out to every statement index the plan maps
 * the application's index to; streams are read once; batches, clearParameters and parameter
 * metadata keep working; a rule change between prepare and execute re-prepares and re-binds.
 */
class ParameterFanOutTest {
  /** Application index 1 goes to statement indexes 1 and 3; index 2 to 2. */
  private static final ParameterMap MAP = ParameterMap.of(new int[][] {{1, 3}, {2}});

  @TestFactory
  Stream<DynamicTest> everySetter_reachesEveryTargetIndex() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : indexedSetters()) {
      tests.add(DynamicTest.dynamicTest(m.getName() + Arrays.toString(m.getParameterTypes()), () -> fansOut(m)));
    }
    assertThat(tests).hasSizeGreaterThan(40);
    return tests.stream();
  }

  private static void fansOut(Method setter) throws Exception {
    RecordingStub vendorCalls = new RecordingStub();
    TandemPreparedStatement statement = mapped(vendorCalls);
    Object[] args = new Object[setter.getParameterCount()];
    args[0] = 1;
    for (int i = 1; i < args.length; i++) {
      args[i] = RecordingStub.sample(setter.getParameterTypes()[i], new RecordingStub());
    }
    setter.invoke(statement, args);

    assertThat(vendorCalls.calls).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(vendorCalls.calls.get(i).method()).as("the same setter").isEqualTo(setter);
      Object[] seen = vendorCalls.calls.get(i).args();
      assertThat(seen[0]).isEqualTo(i == 0 ? 1 : 3);
      for (int a = 1; a < args.length; a++) {
        if (args[a] instanceof InputStream || args[a] instanceof Reader) {
          assertThat(seen[a]).as("a stream is copied, not shared").isNotSameAs(args[a]);
        } else if (setter.getParameterTypes()[a].isPrimitive()) {
          assertThat(seen[a]).isEqualTo(args[a]);
        } else {
          assertThat(seen[a]).isSameAs(args[a]);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everySetter_isReplayedWhenTheStatementIsPreparedAgain() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : indexedSetters()) {
      tests.add(DynamicTest.dynamicTest(m.getName() + Arrays.toString(m.getParameterTypes()), () -> replayed(m)));
    }
    return tests.stream();
  }

  /** The indexed setters {@code PreparedStatement} declares. */
  private static List<Method> indexedSetters() {
    List<Method> setters = new ArrayList<>();
    for (Method m : PreparedStatement.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() != PreparedStatement.class
          || !m.getName().startsWith("set")
          || m.getParameterCount() == 0 || m.getParameterTypes()[0] != int.class) {
        continue;
      }
      setters.add(m);
    }
    return setters;
  }

  /** Binds through {@code setter}, changes the rules so the SQL changes, executes: the new statement gets the same call. */
  private static void replayed(Method setter) throws Exception {
    RecordingStub first = new RecordingStub();
    RecordingStub second = new RecordingStub();
    PreparedStatement vendor = RecordingStub.create(PreparedStatement.class, first);
    PreparedStatement fresh = RecordingStub.create(PreparedStatement.class, second);
    AtomicReference<RuleSet> rules = new AtomicReference<>(TestRuleSets.oneMove());
    TandemConnection owner = FakeRules.connection(RecordingStub.create(Connection.class, new RecordingStub()),
        rules, (sql, r, d, c) -> new RewritePlan(sql, "again", ParameterMap.identity(), StatementKind.UPDATE,
            List.of("m"), false));
    RewritePlan plan = new RewritePlan("x", "y", ParameterMap.identity(), StatementKind.UPDATE, List.of("m"), false);
    TandemPreparedStatement statement =
        new TandemPreparedStatement(owner, vendor, new Planned(plan, rules.get().revision()), sql -> fresh);
    Object[] args = new Object[setter.getParameterCount()];
    args[0] = 2;
    for (int i = 1; i < args.length; i++) {
      Class<?> type = setter.getParameterTypes()[i];
      args[i] = type == InputStream.class || type == Reader.class ? null : RecordingStub.sample(type, new RecordingStub());
    }
    setter.invoke(statement, args);
    rules.set(TestRuleSets.oneMove()); // a new revision: planned again, to other SQL
    statement.executeUpdate();

    RecordingStub.Call replay = second.calls.stream()
        .filter(c -> c.method().getDeclaringClass() == PreparedStatement.class && c.method().getName().startsWith("set"))
        .findFirst().orElseThrow();
    assertThat(replay.method()).isEqualTo(setter);
    assertThat(replay.args()).containsExactly(args);
  }

  /** A statement over a recording stub whose plan maps parameters with {@link #MAP}. */
  private static TandemPreparedStatement mapped(RecordingStub vendorCalls) throws Exception {
    PreparedStatement vendor = RecordingStub.create(PreparedStatement.class, vendorCalls);
    TandemConnection owner = FakeRules.connection(RecordingStub.create(Connection.class, new RecordingStub()),
        new AtomicReference<>(RuleSet.empty()), (sql, r, d, c) -> null);
    RewritePlan plan = new RewritePlan("x", "y", MAP, StatementKind.INSERT, List.of("m"), false);
    return new TandemPreparedStatement(owner, vendor, new Planned(plan, RuleSet.empty().revision()), sql -> vendor);
  }

  /**
   * A closed statement's value store goes to the connection's next statement emptied, and two open
   * statements never share one: each replays only its own values when prepared again.
   */
  @Test
  void valueStore_ofAClosedStatement_carriesNoValuesToTheNext() throws Exception {
    AtomicReference<RuleSet> rules = new AtomicReference<>(TestRuleSets.oneMove());
    TandemConnection owner = FakeRules.connection(RecordingStub.create(Connection.class, new RecordingStub()),
        rules, (sql, r, d, c) -> new RewritePlan(sql, "again " + sql, ParameterMap.identity(), StatementKind.UPDATE,
            List.of("m"), false));
    RewritePlan plan = new RewritePlan("x", "y", ParameterMap.identity(), StatementKind.UPDATE, List.of("m"), false);
    TandemPreparedStatement closed = new TandemPreparedStatement(owner,
        RecordingStub.create(PreparedStatement.class, new RecordingStub()), new Planned(plan, rules.get().revision()),
        sql -> null);
    closed.setString(1, "closed one");
    closed.setString(2, "closed two");
    closed.close();

    RecordingStub firstReplay = new RecordingStub();
    RecordingStub secondReplay = new RecordingStub();
    TandemPreparedStatement first = new TandemPreparedStatement(owner,
        RecordingStub.create(PreparedStatement.class, new RecordingStub()), new Planned(plan, rules.get().revision()),
        sql -> RecordingStub.create(PreparedStatement.class, firstReplay));
    TandemPreparedStatement second = new TandemPreparedStatement(owner,
        RecordingStub.create(PreparedStatement.class, new RecordingStub()), new Planned(plan, rules.get().revision()),
        sql -> RecordingStub.create(PreparedStatement.class, secondReplay));
    first.setString(1, "first");
    second.setString(3, "second");
    rules.set(TestRuleSets.oneMove()); // a new revision: both are planned again, to other SQL
    first.executeUpdate();
    second.executeUpdate();

    assertThat(setterCalls(firstReplay)).containsExactly(List.of(1, "first"));
    assertThat(setterCalls(secondReplay)).containsExactly(List.of(3, "second"));
  }

  private static List<List<Object>> setterCalls(RecordingStub stub) {
    return stub.calls.stream()
        .filter(c -> c.method().getDeclaringClass() == PreparedStatement.class && c.method().getName().startsWith("set"))
        .map(c -> Arrays.asList(c.args()))
        .toList();
  }

  @Test
  void setter_outOfRangeIndex_namesTheRange() throws Exception {
    RecordingStub vendorCalls = new RecordingStub();
    TandemPreparedStatement statement = mapped(vendorCalls);
    assertThatThrownBy(() -> statement.setInt(3, 1)).isInstanceOf(SQLException.class)
        .hasMessageContaining("parameter index 3 is out of range: the statement has 2 parameters");
    assertThatThrownBy(() -> statement.setInt(0, 1)).isInstanceOf(SQLException.class);
    assertThat(vendorCalls.calls).isEmpty();
  }

  /** A fake rewrite: {@code t(a, b)} gets {@code c} as a copy of {@code a}, like a dual write. */
  private static RewritePlan dualWrite(String sql) {
    if (!sql.startsWith("INSERT INTO t (a, b) VALUES (?, ?)")) {
      return RewritePlan.passThrough(sql, StatementKind.UNPARSED);
    }
    return new RewritePlan(sql, "INSERT INTO t (a, b, c) VALUES (?, ?, ?)", MAP, StatementKind.INSERT,
        List.of("t.a->c"), false);
  }

  private static Connection h2() throws SQLException {
    Connection raw = DriverManager.getConnection("jdbc:h2:mem:");
    try (Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(100), b INT, c VARCHAR(100),"
          + " blob_a BLOB, blob_c BLOB)");
    }
    return raw;
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
      }
    }
    return rows;
  }

  private interface DualWriteBody {
    void run(Connection raw, PreparedStatement ps, AtomicReference<RuleSet> rules) throws Exception;
  }

  /** Runs {@code body} with a statement {@code INSERT INTO t (a, b) VALUES (?, ?)} that dual-writes a to c. */
  private static void withDualWrite(DualWriteBody body) throws Exception {
    AtomicReference<RuleSet> rules = new AtomicReference<>(TestRuleSets.oneMove());
    try (Connection raw = h2();
        TandemConnection c = FakeRules.connection(raw, rules, (sql, r, d, cols) -> dualWrite(sql));
        PreparedStatement ps = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)")) {
      body.run(raw, ps, rules);
    }
  }

  @Test
  void batch_ofMixedRows_writesEveryRowToBothColumns() throws Exception {
    withDualWrite((raw, ps, rules) -> {
      ps.setString(1, "x");
      ps.setInt(2, 1);
      ps.addBatch();
      ps.setNull(1, Types.VARCHAR);
      ps.setInt(2, 2);
      ps.addBatch();
      ps.setObject(1, "z", Types.VARCHAR);
      ps.setInt(2, 3);
      ps.addBatch();
      assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      assertThat(rows(raw, "SELECT a, b, c FROM t ORDER BY b")).containsExactly("x|1|x", "null|2|null", "z|3|z");
      assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
    });
  }

  @Test
  void stream_fannedOut_isReadOnceAndStoredTwice() throws Exception {
    AtomicReference<RuleSet> rules = new AtomicReference<>(TestRuleSets.oneMove());
    byte[] data = "a stream read once".getBytes(StandardCharsets.UTF_8);
    try (Connection raw = h2();
        TandemConnection c = FakeRules.connection(raw, rules, (sql, r, d, cols) -> sql.startsWith("INSERT")
            ? new RewritePlan(sql, "INSERT INTO t (blob_a, blob_c) VALUES (?, ?)",
                ParameterMap.of(new int[][] {{1, 2}}), StatementKind.INSERT, List.of("m"), false)
            : RewritePlan.passThrough(sql, StatementKind.UNPARSED));
        PreparedStatement ps = c.prepareStatement("INSERT INTO t (blob_a) VALUES (?)")) {
      CountingStream in = new CountingStream(data);
      ps.setBinaryStream(1, in);
      ps.executeUpdate();
      assertThat(in.opened).isEqualTo(1);
      try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT blob_a, blob_c FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).isEqualTo(data);
        assertThat(rs.getBytes(2)).isEqualTo(data);
      }
    }
  }

  @Test
  void ruleChange_betweenPrepareAndExecute_rePreparesAndReappliesParameters() throws Exception {
    AtomicReference<RuleSet> rules = new AtomicReference<>(TestRuleSets.oneMove());
    AtomicReference<Boolean> moving = new AtomicReference<>(false);
    try (Connection raw = h2();
        TandemConnection c = FakeRules.connection(raw, rules,
            (sql, r, d, cols) -> moving.get() ? dualWrite(sql) : RewritePlan.passThrough(sql, StatementKind.INSERT));
        PreparedStatement ps = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)")) {
      ps.setQueryTimeout(17);
      ps.setString(1, "before");
      ps.setInt(2, 1);
      ps.addBatch();
      ps.setString(1, "after");
      ps.setInt(2, 2);
      moving.set(true);
      rules.set(TestRuleSets.oneMove()); // a new revision
      ps.addBatch();
      ps.executeBatch();
      assertThat(rows(raw, "SELECT a, b, c FROM t ORDER BY b")).containsExactly("before|1|before", "after|2|after");
      assertThat(ps.getQueryTimeout()).isEqualTo(17);
      assertThat(((TandemPreparedStatement) ps).plan().isRewritten()).isTrue();
    }
  }

  @Test
  void closedStatementsValueStore_goesToTheNextStatementOnly() throws Exception {
    AtomicReference<RuleSet> rules = new AtomicReference<>(TestRuleSets.oneMove());
    AtomicReference<Boolean> moving = new AtomicReference<>(false);
    try (Connection raw = h2();
        TandemConnection c = FakeRules.connection(raw, rules,
            (sql, r, d, cols) -> moving.get() ? dualWrite(sql) : RewritePlan.passThrough(sql, StatementKind.INSERT))) {
      try (PreparedStatement first = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)")) {
        first.setString(1, "first");
        first.setInt(2, 1);
        first.executeUpdate();
      }
      PreparedStatement second = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)");
      PreparedStatement third = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)");
      second.setString(1, "second");
      second.setInt(2, 2);
      third.setString(1, "third");
      third.setInt(2, 3);
      moving.set(true);
      rules.set(TestRuleSets.oneMove()); // both are prepared again and bound again from their stores
      second.executeUpdate();
      third.executeUpdate();
      second.close();
      third.close();
      assertThat(rows(raw, "SELECT a, b, c FROM t ORDER BY b"))
          .containsExactly("first|1|null", "second|2|second", "third|3|third");
    }
  }

  @Test
  void clearParameters_forgetsValuesSoAReplanDoesNotResurrectThem() throws Exception {
    withDualWrite((raw, ps, rules) -> {
      ps.setString(1, "x");
      ps.setInt(2, 1);
      ps.clearParameters();
      rules.set(TestRuleSets.oneMove());
      assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
      assertThat(rows(raw, "SELECT a, b, c FROM t")).isEmpty();
    });
  }

  /** Counts how often it is read from the start, to prove a fanned-out stream is read once. */
  private static final class CountingStream extends ByteArrayInputStream {
    int opened;

    CountingStream(byte[] data) {
      super(data);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      if (pos == 0) {
        opened++;
      }
      return super.read(b, off, len);
    }

    @Override
    public byte[] readAllBytes() {
      opened++;
      return super.readAllBytes();
    }
  }

  @Test
  void reader_fannedOut_eachIndexGetsTheWholeText() throws Exception {
    withDualWrite((raw, ps, rules) -> {
      ps.setCharacterStream(1, new StringReader("text"), 4);
      ps.setInt(2, 9);
      ps.executeUpdate();
      assertThat(rows(raw, "SELECT a, b, c FROM t")).containsExactly("text|9|text");
    });
  }
}
