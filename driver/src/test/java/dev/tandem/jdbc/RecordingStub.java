package dev.tandem.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URL;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.RowIdLifetime;
import java.sql.SQLType;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.Executor;

/**
 * A stand-in for a vendor JDBC object: implements an interface by recording every call and
 * returning a fresh, recognisable value of the method's return type (another stub for JDBC
 * interfaces). Used to prove that a wrapper forwards every method with its arguments and hands back
 * what the vendor returned.
 */
final class RecordingStub {
  /** One call the stub received. */
  record Call(Method method, Object[] args, Object returned) {}

  final List<Call> calls = new ArrayList<>();

  @SuppressWarnings("unchecked")
  static <T> T create(Class<T> iface, RecordingStub recorder) {
    return (T) Proxy.newProxyInstance(RecordingStub.class.getClassLoader(), new Class<?>[] {iface},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                return "stub " + iface.getSimpleName();
            }
          }
          Object returned = sample(method.getReturnType(), new RecordingStub());
          recorder.calls.add(new Call(method, args == null ? new Object[0] : args, returned));
          return returned;
        });
  }

  Call last() {
    return calls.isEmpty() ? null : calls.get(calls.size() - 1);
  }

  /** A value of {@code type}: distinct enough that a forwarded value can be told from a made-up one. */
  static Object sample(Class<?> type, RecordingStub recorder) {
    if (type == void.class) {
      return null;
    }
    if (type == int.class) {
      return 3;
    }
    if (type == long.class) {
      return 4L;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == short.class) {
      return (short) 5;
    }
    if (type == byte.class) {
      return (byte) 6;
    }
    if (type == double.class) {
      return 7.5d;
    }
    if (type == float.class) {
      return 8.5f;
    }
    if (type == String.class) {
      return "SELECT 1";
    }
    if (type.isArray()) {
      return Array.newInstance(type.getComponentType(), 1);
    }
    if (type == Object.class) {
      return new StringBuilder("object");
    }
    if (type == Class.class) {
      return Serializable.class;
    }
    if (type == BigDecimal.class) {
      return new BigDecimal("12.34");
    }
    if (type == Date.class) {
      return new Date(86_400_000L);
    }
    if (type == Time.class) {
      return new Time(3_600_000L);
    }
    if (type == Timestamp.class) {
      return new Timestamp(1_000L);
    }
    if (type == Calendar.class) {
      return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
    if (type == URL.class) {
      try {
        return new URL("http://example.invalid/");
      } catch (MalformedURLException e) {
        throw new AssertionError(e);
      }
    }
    if (type == InputStream.class) {
      return new ByteArrayInputStream(new byte[] {1, 2, 3});
    }
    if (type == Reader.class) {
      return new StringReader("abc");
    }
    if (type == Map.class) {
      return new HashMap<String, Class<?>>();
    }
    if (type == Properties.class) {
      return new Properties();
    }
    if (type == Executor.class) {
      return (Executor) Runnable::run;
    }
    if (type == SQLType.class) {
      return JDBCType.VARCHAR;
    }
    if (type == java.sql.SQLWarning.class) {
      return new java.sql.SQLWarning("warning");
    }
    if (type == RowIdLifetime.class) {
      return RowIdLifetime.ROWID_VALID_FOREVER;
    }
    if (type.isInterface()) {
      return create(type, recorder);
    }
    throw new AssertionError("RecordingStub has no sample for " + type.getName() + "; add one");
  }
}
