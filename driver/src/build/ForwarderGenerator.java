import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * Generates the {@code *Forwarder} base classes of Tandem's JDBC wrappers from the {@code java.sql}
 * interfaces, at build time (run by exec-maven-plugin with the JDK's single-file source launcher).
 *
 * <p>A forwarder implements every method of its interface by calling the vendor object, so the
 * hand-written wrappers ({@code TandemConnection}, {@code TandemStatement}, …) override only what
 * Tandem intercepts. Three rules make the forwarders safe by construction rather than by care:
 * <ul>
 *   <li>a method that returns a {@code ResultSet} hands it to {@code wrapResultSet}, so no vendor
 *       result set (whose {@code getStatement()} would leak the vendor connection) escapes;
 *   <li>{@code unwrap}/{@code isWrapperFor} answer for the wrapper first, then ask the vendor;
 *   <li>an indexed {@code PreparedStatement} setter goes through {@code bind}, which fans the value
 *       out to every index the rewrite plan maps it to (streams and readers are read once), as a
 *       setter number and plain arguments that the generated {@code apply} replays.
 * </ul>
 * Usage: {@code java ForwarderGenerator.java <output source root>}.
 */
public final class ForwarderGenerator {
  private static final String PACKAGE = "dev.tandem.jdbc";

  private ForwarderGenerator() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path dir = root.resolve(PACKAGE.replace('.', '/'));
    Files.createDirectories(dir);
    write(dir, standalone(Connection.class, "ConnectionForwarder", false));
    write(dir, standalone(Statement.class, "StatementForwarder", true));
    write(dir, standalone(DatabaseMetaData.class, "DatabaseMetaDataForwarder", true));
    write(dir, standalone(ResultSet.class, "ResultSetForwarder", false));
    write(dir, extension(PreparedStatement.class, "PreparedStatementForwarder", "TandemStatement",
        Statement.class, "prepared"));
    write(dir, extension(CallableStatement.class, "CallableStatementForwarder", "TandemPreparedStatement",
        PreparedStatement.class, "callable"));
  }

  /** A forwarder for every method of {@code iface}, over a {@code delegate} field of that type. */
  private static Source standalone(Class<?> iface, String name, boolean wrapsResultSets) {
    String type = iface.getName();
    StringBuilder b = header(name, "implements " + iface.getName(), iface);
    b.append("  /** The vendor object. Not final: a prepared statement is re-prepared when the rules change. */\n");
    b.append("  protected ").append(type).append(" delegate;\n\n");
    b.append("  protected ").append(name).append("(").append(type).append(" delegate) {\n");
    b.append("    this.delegate = java.util.Objects.requireNonNull(delegate, \"delegate\");\n  }\n\n");
    if (wrapsResultSets) {
      b.append("  /** Wraps every result set this object hands out. */\n");
      b.append("  protected abstract java.sql.ResultSet wrapResultSet(java.sql.ResultSet resultSet)"
          + " throws java.sql.SQLException;\n\n");
    }
    for (Method m : methods(iface, null)) {
      b.append(method(m, "delegate", iface));
    }
    return new Source(name, b.append("}\n").toString());
  }

  /**
   * A forwarder for the methods {@code iface} adds to {@code parentIface}, extending the
   * hand-written wrapper of the parent, over a field named {@code field}.
   */
  private static Source extension(Class<?> iface, String name, String superclass, Class<?> parentIface,
      String field) {
    String type = iface.getName();
    StringBuilder b = header(name, "extends " + superclass + " implements " + iface.getName(), iface);
    b.append("  /** The vendor object, typed; kept equal to {@code delegate} by {@link #replaceDelegate}. */\n");
    b.append("  protected ").append(type).append(" ").append(field).append(";\n\n");
    boolean first = parentIface == Statement.class;
    b.append("  protected ").append(name).append("(TandemConnection connection, ").append(type)
        .append(first ? " delegate" : " delegate, Planned planned, StatementPreparer preparer")
        .append(") throws java.sql.SQLException {\n");
    b.append(first ? "    super(connection, delegate);\n" : "    super(connection, delegate, planned, preparer);\n");
    b.append("    this.").append(field).append(" = delegate;\n  }\n\n");
    b.append("  /** Points every forwarded method at a newly prepared vendor statement. */\n");
    if (first) {
      b.append("  protected void replaceDelegate(java.sql.PreparedStatement replacement) {\n");
      b.append("    this.delegate = replacement;\n");
      b.append("    this.").append(field).append(" = replacement;\n  }\n\n");
    } else {
      b.append("  @Override\n  protected void replaceDelegate(java.sql.PreparedStatement replacement) {\n");
      b.append("    super.replaceDelegate(replacement);\n");
      b.append("    this.").append(field).append(" = (").append(type).append(") replacement;\n  }\n\n");
    }
    if (iface == PreparedStatement.class) {
      b.append("  /**\n   * Whether setters may go straight to the vendor statement: nothing to fan out, and no rule\n"
          + "   * change can ever make the statement re-prepare (so nothing needs remembering).\n   */\n");
      b.append("  protected abstract boolean direct();\n\n");
      b.append("  /**\n   * Sets one application parameter on every statement index it maps to, and remembers it: setter\n"
          + "   * {@code setter} (a constant of {@link #apply}) with its object and number arguments.\n   */\n");
      b.append("  protected abstract void bind(int parameterIndex, int setter, Object o1, Object o2, long n1, long n2)"
          + " throws java.sql.SQLException;\n\n");
      b.append("  /** A stream that can be handed to each target index of {@code parameterIndex}. */\n");
      b.append("  protected abstract LobSource<java.io.InputStream> bytes(int parameterIndex,"
          + " java.io.InputStream stream, long length) throws java.sql.SQLException;\n\n");
      b.append("  /** A reader that can be handed to each target index of {@code parameterIndex}. */\n");
      b.append("  protected abstract LobSource<java.io.Reader> chars(int parameterIndex,"
          + " java.io.Reader reader, long length) throws java.sql.SQLException;\n\n");
    } else {
      b.append("  /** The statement index an application parameter index refers to. */\n");
      b.append("  protected abstract int statementIndex(int parameterIndex) throws java.sql.SQLException;\n\n");
    }
    List<Method> setters = new ArrayList<>();
    for (Method m : methods(iface, parentIface)) {
      if (iface == PreparedStatement.class && isSetter(m)) {
        setters.add(m);
      }
    }
    for (Method m : methods(iface, parentIface)) {
      b.append(iface == PreparedStatement.class && isSetter(m)
          ? setter(m, setters.indexOf(m)) : method(m, field, iface));
    }
    if (iface == PreparedStatement.class) {
      b.append(apply(setters));
    }
    return new Source(name, b.append("}\n").toString());
  }

  private static boolean isSetter(Method m) {
    return m.getName().startsWith("set") && m.getParameterTypes().length > 0 && m.getParameterTypes()[0] == int.class;
  }

  private static StringBuilder header(String name, String inheritance, Class<?> iface) {
    StringBuilder b = new StringBuilder();
    b.append("// Generated by driver/src/build/ForwarderGenerator.java from ").append(iface.getName())
        .append(" of Java ").append(Runtime.version().feature()).append(". Do not edit.\n");
    b.append("package ").append(PACKAGE).append(";\n\n");
    b.append("/** Forwards every {@link ").append(iface.getName())
        .append("} method to the vendor object; generated. */\n");
    b.append("@SuppressWarnings({\"deprecation\", \"removal\"})\n");
    b.append("abstract class ").append(name).append(" ").append(inheritance).append(" {\n\n");
    return b;
  }

  /** The public abstract and default methods of {@code iface} not already declared by {@code parent}. */
  private static List<Method> methods(Class<?> iface, Class<?> parent) {
    List<Method> result = new ArrayList<>();
    for (Method m : iface.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
        continue;
      }
      if (parent != null && declaredBy(parent, m)) {
        continue;
      }
      if (result.stream().anyMatch(r -> sameSignature(r, m))) {
        continue;
      }
      result.add(m);
    }
    result.sort(Comparator.comparing(ForwarderGenerator::signatureKey));
    return result;
  }

  private static boolean declaredBy(Class<?> iface, Method m) {
    try {
      iface.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName()) && Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  private static String signatureKey(Method m) {
    StringJoiner j = new StringJoiner(",", m.getName() + "(", ")");
    for (Class<?> p : m.getParameterTypes()) {
      j.add(p.getTypeName());
    }
    return j.toString();
  }

  private static String method(Method m, String field, Class<?> iface) {
    StringBuilder b = new StringBuilder("  @Override\n  public ");
    TypeVariable<Method>[] typeParameters = m.getTypeParameters();
    if (typeParameters.length > 0) {
      StringJoiner j = new StringJoiner(", ", "<", "> ");
      for (TypeVariable<Method> t : typeParameters) {
        j.add(t.getName());
      }
      b.append(j);
    }
    Type returnType = m.getGenericReturnType();
    b.append(returnType.getTypeName()).append(' ').append(m.getName()).append('(');
    Type[] params = m.getGenericParameterTypes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      String n = "p" + i;
      names.add(n);
      b.append(i == 0 ? "" : ", ").append("final ").append(params[i].getTypeName()).append(' ').append(n);
    }
    b.append(')');
    Class<?>[] exceptions = m.getExceptionTypes();
    for (int i = 0; i < exceptions.length; i++) {
      b.append(i == 0 ? " throws " : ", ").append(exceptions[i].getName());
    }
    b.append(" {\n");
    b.append(body(m, field, iface, names)).append("  }\n\n");
    return b.toString();
  }

  private static String body(Method m, String field, Class<?> iface, List<String> names) {
    String name = m.getName();
    Class<?>[] types = m.getParameterTypes();
    if (name.equals("unwrap") && types.length == 1) {
      return "    return p0.isInstance(this) ? p0.cast(this) : " + field + ".unwrap(p0);\n";
    }
    if (name.equals("isWrapperFor") && types.length == 1) {
      return "    return p0.isInstance(this) || " + field + ".isWrapperFor(p0);\n";
    }
    boolean indexed = types.length > 0 && types[0] == int.class;
    List<String> args = new ArrayList<>(names);
    if (iface == CallableStatement.class && indexed) {
      args.set(0, "statementIndex(p0)");
    }
    String call = field + "." + name + "(" + String.join(", ", args) + ")";
    if (m.getReturnType() == void.class) {
      return "    " + call + ";\n";
    }
    if (m.getReturnType() == ResultSet.class) {
      return "    return wrapResultSet(" + call + ");\n";
    }
    return "    return " + call + ";\n";
  }

  /**
   * A setter: goes straight to the vendor statement when nothing can fan it out or re-prepare it;
   * otherwise hands {@code bind} its setter number and arguments as plain values (objects in
   * {@code o1}, {@code o2}, numbers in {@code n1}, {@code n2}), so that binding a primitive allocates
   * nothing, and {@link #apply} can replay it on any index. Streams and readers are wrapped in a
   * LobSource, which reads them once when they must be set on more than one index.
   */
  private static String setter(Method m, int number) {
    Class<?>[] types = m.getParameterTypes();
    StringBuilder b = new StringBuilder("  @Override\n  public void ").append(m.getName()).append('(');
    Type[] params = m.getGenericParameterTypes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      names.add("p" + i);
      b.append(i == 0 ? "" : ", ").append("final ").append(params[i].getTypeName()).append(" p").append(i);
    }
    b.append(") throws java.sql.SQLException {\n");
    b.append("    if (direct()) {\n      prepared.").append(m.getName()).append("(").append(String.join(", ", names))
        .append(");\n      return;\n    }\n");
    List<String> objects = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (int i = 1; i < types.length; i++) {
      if (types[i] == InputStream.class || types[i] == Reader.class) {
        String length = i + 1 < types.length && (types[i + 1] == int.class || types[i + 1] == long.class)
            ? "(long) p" + (i + 1) : "-1L";
        String factory = types[i] == InputStream.class ? "bytes" : "chars";
        objects.add(factory + "(p0, p" + i + ", " + length + ")");
      } else if (types[i].isPrimitive()) {
        numbers.add(toLong(types[i], "p" + i));
      } else {
        objects.add("p" + i);
      }
    }
    while (objects.size() < 2) {
      objects.add("null");
    }
    while (numbers.size() < 2) {
      numbers.add("0L");
    }
    if (objects.size() > 2 || numbers.size() > 2) {
      throw new IllegalStateException("more arguments than a binding holds: " + m);
    }
    b.append("    bind(p0, ").append(number).append(", ").append(String.join(", ", objects)).append(", ")
        .append(String.join(", ", numbers)).append(");\n  }\n\n");
    return b.toString();
  }

  private static String toLong(Class<?> type, String value) {
    if (type == boolean.class) {
      return "(" + value + " ? 1L : 0L)";
    }
    if (type == float.class) {
      return "(long) Float.floatToRawIntBits(" + value + ")";
    }
    if (type == double.class) {
      return "Double.doubleToRawLongBits(" + value + ")";
    }
    return "(long) " + value;
  }

  private static String fromLong(Class<?> type, String value) {
    if (type == boolean.class) {
      return value + " != 0L";
    }
    if (type == float.class) {
      return "Float.intBitsToFloat((int) " + value + ")";
    }
    if (type == double.class) {
      return "Double.longBitsToDouble(" + value + ")";
    }
    return "(" + type.getName() + ") " + value;
  }

  /** {@code apply}: replays setter number {@code setter} with its stored arguments on index {@code i} of {@code s}. */
  private static String apply(List<Method> setters) {
    StringBuilder b = new StringBuilder();
    b.append("  /** Replays setter number {@code setter} (see {@link #bind}) with its arguments on index {@code i} of {@code s}. */\n");
    b.append("  @SuppressWarnings(\"unchecked\")\n");
    b.append("  static void apply(java.sql.PreparedStatement s, int i, int setter, Object o1, Object o2, long n1, long n2)"
        + " throws java.sql.SQLException {\n");
    b.append("    switch (setter) {\n");
    for (int k = 0; k < setters.size(); k++) {
      Method m = setters.get(k);
      Class<?>[] types = m.getParameterTypes();
      Type[] generic = m.getGenericParameterTypes();
      List<String> args = new ArrayList<>();
      args.add("i");
      int object = 1;
      int number = 1;
      for (int i = 1; i < types.length; i++) {
        if (types[i] == InputStream.class || types[i] == Reader.class) {
          args.add("((LobSource<" + types[i].getName() + ">) o" + object++ + ").next()");
        } else if (types[i].isPrimitive()) {
          args.add(fromLong(types[i], "n" + number++));
        } else {
          args.add("(" + generic[i].getTypeName() + ") o" + object++);
        }
      }
      b.append("      case ").append(k).append(" -> s.").append(m.getName()).append("(").append(String.join(", ", args))
          .append(");\n");
    }
    b.append("      default -> throw new IllegalArgumentException(\"no setter \" + setter);\n");
    b.append("    }\n  }\n\n");
    return b.toString();
  }

  private static void write(Path dir, Source source) throws IOException {
    Path file = dir.resolve(source.name + ".java");
    byte[] bytes = source.text.getBytes(StandardCharsets.UTF_8);
    // Leave an unchanged file alone so incremental builds do not recompile everything.
    if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Files.write(file, bytes);
  }

  private record Source(String name, String text) {}
}
