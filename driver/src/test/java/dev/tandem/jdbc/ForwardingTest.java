package dev.tandem.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.SqlRewriter;
import dev.tandem.rewrite.StatementKind;
import dev.tandem.rules.RuleSet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves, by reflection, that every wrapper implements every method of its {@code java.sql}
 * interface by delegation: the vendor stub receives the same method with the same arguments, and
 * the caller gets back what the vendor returned, wrapped where it is a JDBC object (so neither a
 * null nor a vendor connection ever leaks). Runs with no rules, where every plan is the identity.
 */
class ForwardingTest {

  private static TandemConnection connection(Connection vendor) throws Exception {
    TandemConfig config = TandemConfig.resolve(Map.of(), null, new Properties(), Map.of());
    return TandemConnection.wrap(vendor, config, Dialect.H2, RuleSet::empty, false, SqlRewriter.PASS_THROUGH,
        new dev.tandem.jdbc.PlanCache(0),
        dev.tandem.metrics.TandemMetrics.NOOP, () -> { });
  }

  private interface WrapperFactory {
    Object wrap(Object vendor) throws Exception;
  }

  @TestFactory
  Stream<DynamicTest> everyMethodIsForwarded() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    RecordingStub connectionCalls = new RecordingStub();
    TandemConnection owner = connection(RecordingStub.create(Connection.class, connectionCalls));
    Planned identity = new Planned(RewritePlan.passThrough("SELECT 1", StatementKind.UNPARSED), RuleSet.empty().revision());
    add(tests, Connection.class, vendor -> connection((Connection) vendor), owner);
    add(tests, Statement.class, vendor -> new TandemStatement(owner, (Statement) vendor), owner);
    add(tests, PreparedStatement.class, vendor -> new TandemPreparedStatement(owner, (PreparedStatement) vendor,
        identity, sql -> (PreparedStatement) vendor), owner);
    add(tests, CallableStatement.class, vendor -> new TandemCallableStatement(owner, (CallableStatement) vendor,
        identity, sql -> (CallableStatement) vendor), owner);
    add(tests, DatabaseMetaData.class, vendor -> new TandemDatabaseMetaData(owner, (DatabaseMetaData) vendor), owner);
    TandemStatement statement = new TandemStatement(owner, RecordingStub.create(Statement.class, new RecordingStub()));
    add(tests, ResultSet.class, vendor -> new TandemResultSet(statement, (ResultSet) vendor), owner);
    return tests.stream();
  }

  private static void add(List<DynamicTest> tests, Class<?> iface, WrapperFactory factory, TandemConnection owner) {
    for (Method m : iface.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String name = iface.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes());
      tests.add(DynamicTest.dynamicTest(name, () -> check(iface, m, factory, owner)));
    }
  }

  private static void check(Class<?> iface, Method m, WrapperFactory factory, TandemConnection owner)
      throws Exception {
    RecordingStub vendorCalls = new RecordingStub();
    Object vendor = RecordingStub.create(iface, vendorCalls);
    Object wrapper = factory.wrap(vendor);
    vendorCalls.calls.clear();
    Object[] args = new Object[m.getParameterCount()];
    for (int i = 0; i < args.length; i++) {
      args[i] = RecordingStub.sample(m.getParameterTypes()[i], new RecordingStub());
    }
    Object returned;
    try {
      returned = m.invoke(wrapper, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m + " threw", e.getCause());
    }

    if (m.getDeclaringClass() == Wrapper.class) {
      return; // unwrap and isWrapperFor have their own tests
    }
    if (m.getReturnType() == Connection.class) {
      assertThat(returned).as("%s returns the Tandem connection", m).isSameAs(owner);
      return;
    }
    RecordingStub.Call call = vendorCalls.calls.stream()
        .filter(c -> c.method().getName().equals(m.getName())
            && Arrays.equals(c.method().getParameterTypes(), m.getParameterTypes()))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError(m + " did not reach the vendor object; calls: " + vendorCalls.calls));
    assertThat(call.args()).as("arguments of %s", m).containsExactly(args);

    Class<?> type = m.getReturnType();
    if (type == void.class) {
      return;
    }
    if (Statement.class.isAssignableFrom(type)) {
      if (wrapper instanceof TandemResultSet) {
        assertThat(returned).as("%s returns the Tandem statement", m).isInstanceOf(TandemStatement.class);
      } else {
        assertThat(returned).as("%s wraps the statement", m).isInstanceOf(TandemStatement.class);
        assertThat(((TandemStatement) returned).delegate).isSameAs(call.returned());
      }
    } else if (type == ResultSet.class) {
      assertThat(returned).as("%s wraps the result set", m).isInstanceOf(TandemResultSet.class);
      assertThat(((TandemResultSet) returned).delegate).isSameAs(call.returned());
    } else if (type == DatabaseMetaData.class) {
      assertThat(returned).as("%s wraps the metadata", m).isInstanceOf(TandemDatabaseMetaData.class);
      assertThat(((TandemDatabaseMetaData) returned).delegate).isSameAs(call.returned());
    } else if (type.isPrimitive()) {
      assertThat(returned).as("%s returns the vendor's value", m).isEqualTo(call.returned());
    } else {
      assertThat(returned).as("%s returns the vendor's value", m).isSameAs(call.returned());
    }
  }
}
