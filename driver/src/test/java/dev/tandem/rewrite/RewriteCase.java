package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL-in / SQL-out case from a case file, in one phase and one dialect. The format, one block per case:
 *
 * <pre>
 * -- case: a name
 * -- dialect: postgresql | mariadb | h2 | generic      (default postgresql; a comma-separated list runs
 *                                                       the case in each, with the same expectation)
 * -- rules: rename, cents@contract                     (see {@link TestRules})
 * the SQL, one or more lines
 * -- expect:
 * the rewritten SQL, one or more lines
 * -- params: {1->[1, 3], 2->[2]}                       (default identity)
 * -- columns: conversation(id, subject, title)         (optional, repeatable: table metadata; the
 *                                                       plan must then be marked as made from it)
 * -- columns: invoice(id integer, amount numeric(12,2)) (the same with declared types, which the
 *                                                       values Tandem computes are cast to)
 * -- columns: conversation((view), id)                 (a view rather than a table)
 * -- schema: tenant_a                                  (the connection's search path, comma-separated,
 *                                                       or "unknown"; default billing, the schema of
 *                                                       the cents move, as the dialect spells it)
 * </pre>
 *
 * Instead of an expected SQL: {@code -- expect: SAME <KIND>} (passed through, the same String
 * instance, with that statement kind) or {@code -- expect: REFUSED <part of the message>}.
 *
 * <p>A case can state its expectation per phase: {@code -- expect@expand:}, {@code -- expect@migrated:},
 * {@code -- expect@contract:} (or several phases at once, {@code -- expect@migrated,contract: SAME SELECT}),
 * each followed by its own {@code -- params:}. The case then runs once per phase named, with every
 * move of its {@code -- rules:} that has no {@code @phase} of its own put in that phase.
 */
record RewriteCase(String name, Dialect dialect, String rules, String sql, String expected, String params,
    Map<String, List<String>> columns, String line, String schema) {

  /** A first "column" {@code (view)} in {@code -- columns:} makes the table a view. */
  static final String VIEW = "(view)";

  boolean refused() {
    return expected.startsWith("REFUSED");
  }

  boolean same() {
    return expected.startsWith("SAME");
  }

  /** The case's own table metadata, or {@code fallback} when it gives none, on the case's search path. */
  TableColumns tableColumns(TableColumns fallback) {
    if (columns.isEmpty()) {
      return TableColumns.onPath(fallback, searchPath());
    }
    return TableColumns.onPath(new TableColumns() {
      @Override
      public List<String> columnsOf(String schema, String table) {
        List<String> declared = declared(table);
        if (declared == null) {
          return null;
        }
        List<String> names = new ArrayList<>();
        declared.stream().filter(c -> !c.equals(VIEW)).forEach(column -> names.add(column.split(" ", 2)[0]));
        return names;
      }

      @Override
      public boolean isView(String schema, String table) {
        List<String> declared = declared(table);
        return declared != null && declared.contains(VIEW);
      }

      @Override
      public ColumnType typeOf(String schema, String table, Identifier column) {
        List<String> declared = declared(table);
        for (String c : declared == null ? List.<String>of() : declared) {
          String[] nameAndType = c.split(" ", 2);
          if (nameAndType.length == 2 && column.matches(nameAndType[0], dialect)) {
            return type(nameAndType[1].trim());
          }
        }
        return null;
      }
    }, searchPath());
  }

  /** The case's {@code -- schema:} as a search path, names spelled as the dialect's database stores them. */
  private SearchPath searchPath() {
    if (schema.equals("unknown")) {
      return SearchPath.UNKNOWN;
    }
    List<String> schemas = new ArrayList<>();
    for (String s : schema.split(",")) {
      schemas.add(dialect.canonical(s.trim()));
    }
    return SearchPath.of(schemas);
  }

  private List<String> declared(String table) {
    return columns.get(table.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT));
  }

  /** {@code integer}, {@code numeric(12,2)}, {@code varchar(320)}, {@code timestamp(3)} as metadata would report it. */
  private static ColumnType type(String sql) {
    Matcher m = Pattern.compile("(\\w+)(?:\\((\\d+)(?:,(\\d+))?\\))?").matcher(sql);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a column type: " + sql);
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    int size = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    Integer digits = m.group(3) != null ? Integer.valueOf(m.group(3)) : null;
    int jdbc = switch (name) {
      case "integer" -> Types.INTEGER;
      case "bigint" -> Types.BIGINT;
      case "smallint" -> Types.SMALLINT;
      case "numeric" -> Types.NUMERIC;
      case "varchar" -> Types.VARCHAR;
      case "timestamp" -> Types.TIMESTAMP;
      case "date" -> Types.DATE;
      default -> throw new IllegalArgumentException("no JDBC type for " + sql);
    };
    if (jdbc == Types.TIMESTAMP) {
      digits = size; // timestamp(3): the fraction is DECIMAL_DIGITS
      size = 26;
    }
    return new ColumnType(name, jdbc, size, digits);
  }

  /** Runs the case through {@code rewriter}; the plan, or {@code null} for an expected refusal. */
  RewritePlan check(MoveRewriter rewriter, TableColumns fallback) throws Exception {
    TableColumns metadata = tableColumns(fallback);
    if (refused()) {
      String part = expected.substring("REFUSED".length()).trim();
      assertThatThrownBy(() -> rewriter.rewrite(sql, TestRules.parse(rules), dialect, metadata))
          .isInstanceOf(RewriteRefusedException.class)
          .hasMessageContaining(part)
          .satisfies(e -> assertThat(((RewriteRefusedException) e).getSQLState()).isEqualTo("0A000"));
      return null;
    }
    RewritePlan plan = rewriter.rewrite(sql, TestRules.parse(rules), dialect, metadata);
    if (same()) {
      assertThat(plan.sql()).as("passed through as the same instance").isSameAs(sql);
      assertThat(plan.isRewritten()).isFalse();
      assertThat(plan.kind().name()).isEqualTo(expected.substring("SAME".length()).trim());
      return plan;
    }
    assertThat(plan.sql()).isEqualTo(expected);
    assertThat(plan.parameters().toString()).as("parameter map").isEqualTo(params);
    assertThat(plan.isRewritten()).isTrue();
    return plan;
  }

  @Override
  public String toString() {
    return name + " (" + line + ")";
  }

  static List<RewriteCase> load(String resource) throws IOException {
    List<RewriteCase> cases = new ArrayList<>();
    try (InputStream in = RewriteCase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Builder current = null;
      String text;
      int lineNo = 0;
      while ((text = reader.readLine()) != null) {
        lineNo++;
        if (text.startsWith("-- case:")) {
          if (current != null) {
            current.build(cases);
          }
          current = new Builder(text.substring(8).trim(), resource + ":" + lineNo);
        } else if (current == null) {
          continue; // file header
        } else if (text.startsWith("-- dialect:")) {
          current.dialects.clear();
          for (String d : text.substring(11).split(",")) {
            current.dialects.add(Dialect.parse(d.trim()));
          }
        } else if (text.startsWith("-- rules:")) {
          current.rules = text.substring(9).trim();
        } else if (text.startsWith("-- expect")) {
          int colon = text.indexOf(':');
          String phases = text.startsWith("-- expect@") ? text.substring(10, colon).trim() : "";
          current.expect(phases, text.substring(colon + 1).trim());
        } else if (text.startsWith("-- columns:")) {
          String spec = text.substring(11).trim();
          int open = spec.indexOf('(');
          List<String> names = new ArrayList<>();
          // Split at the commas between columns, not those of a type's numeric(12,2).
          for (String n : spec.substring(open + 1, spec.lastIndexOf(')')).split(",(?![^(]*\\))")) {
            if (!n.isBlank()) {
              names.add(n.trim());
            }
          }
          current.columns.put(spec.substring(0, open).trim().toLowerCase(Locale.ROOT), names);
        } else if (text.startsWith("-- schema:")) {
          current.schema = text.substring(10).trim();
        } else if (text.startsWith("-- params:")) {
          current.expectation.params = text.substring(10).trim();
        } else if (text.startsWith("-- note:") || text.startsWith("====")
            || (text.isBlank() && current.expectation != null)) {
          continue;
        } else {
          StringBuilder target = current.expectation != null ? current.expectation.text : current.sql;
          if (target.length() > 0) {
            target.append('\n');
          }
          target.append(text);
        }
      }
      if (current != null) {
        current.build(cases);
      }
    }
    return cases;
  }

  /** What one {@code -- expect} block says, for the phases it names ({@code ""}: as the rules say). */
  private static final class Expectation {
    final List<String> phases = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    String params = "identity";
  }

  private static final class Builder {
    final String name;
    final String line;
    final List<Dialect> dialects = new ArrayList<>(List.of(Dialect.POSTGRESQL));
    String rules = "rename";
    final StringBuilder sql = new StringBuilder();
    final List<Expectation> expectations = new ArrayList<>();
    Expectation expectation;
    final Map<String, List<String>> columns = new LinkedHashMap<>();
    String schema = "billing";

    Builder(String name, String line) {
      this.name = name;
      this.line = line;
    }

    void expect(String phases, String rest) {
      expectation = new Expectation();
      for (String p : phases.split(",")) {
        expectation.phases.add(p.trim().toLowerCase(Locale.ROOT));
      }
      expectation.text.append(rest);
      expectations.add(expectation);
    }

    void build(List<RewriteCase> out) {
      for (Expectation e : expectations) {
        for (String phase : e.phases) {
          for (Dialect dialect : dialects) {
            String label = (phase.isEmpty() ? "" : " @" + phase) + (dialects.size() > 1 ? " [" + dialect + "]" : "");
            out.add(new RewriteCase(name + label, dialect, phase.isEmpty() ? rules : inPhase(rules, phase),
                sql.toString().strip(), e.text.toString().strip(), e.params, Map.copyOf(columns), line, schema));
          }
        }
      }
    }

    /** {@code rules} with every move that names no phase of its own put in {@code phase}. */
    private static String inPhase(String rules, String phase) {
      List<String> parts = new ArrayList<>();
      for (String part : rules.split(",")) {
        String p = part.trim();
        parts.add(p.contains("@") ? p : p + "@" + phase);
      }
      return String.join(", ", parts);
    }
  }
}
