package dev.tandem.reliability;

import static dev.tandem.reliability.DifferentialSql.join;
import static dev.tandem.reliability.DifferentialSql.joining;
import static dev.tandem.reliability.DifferentialSql.of;

import dev.tandem.reliability.DifferentialMove.Side;
import dev.tandem.reliability.DifferentialStatement.Category;
import dev.tandem.testing.Engine;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates statements over one move's table {@code t(id, n, from, to)}, each as the application
 * sends it and as its hand-written equivalent on the reference table (see {@link DifferentialTarget}).
 * A statement names the column of one application version; its {@code WHERE} may read either.
 */
final class DifferentialGenerator {
  private final DifferentialMove move;

  DifferentialGenerator(DifferentialMove move) {
    this.move = move;
  }

  /** One to four statements run one after the other from the same seed rows. */
  Arbitrary<List<DifferentialStatement>> sequences() {
    return statements().list().ofMinSize(1).ofMaxSize(4);
  }

  Arbitrary<DifferentialStatement> statements() {
    return Arbitraries.of(Category.values()).flatMap(category -> {
      // Without a column list the values are in the table's order, which is the old version's
      // view of it (every column but the new one); the new version's is ambiguous and not generated.
      Arbitrary<Side> sides = category == Category.INSERT_WITHOUT_COLUMNS ? Arbitraries.just(Side.OLD)
          : Arbitraries.of(Side.values());
      return sides.flatMap(side -> body(category, side)
          .map(sql -> new DifferentialStatement(move, category, side, sql, category.name().startsWith("SELECT"))));
    });
  }

  private Arbitrary<DifferentialSql> body(Category category, Side side) {
    return switch (category) {
      case INSERT -> insert(side);
      case INSERT_WITHOUT_COLUMNS -> insertWithoutColumns(side);
      case INSERT_SELECT -> insertSelect(side);
      case UPDATE -> update(side);
      case UPDATE_REPEATED -> updateRepeated(side);
      case UPDATE_ROW_VALUE -> updateRowValue(side);
      case UPSERT, UPSERT_WHERE, UPSERT_REPEATED -> upsert(category, side);
      case MERGE -> merge(side);
      case DELETE -> predicate(null).map(p -> join(table("DELETE FROM "), " WHERE ", p));
      case SELECT_STAR -> predicate(null).map(p -> join("SELECT * FROM t WHERE ", p, " ORDER BY id"));
      case SELECT_QUALIFIED_STAR -> qualifiedStar();
      case SELECT_COLUMNS -> selectColumns();
      case SELECT_EXPRESSION -> selectExpression(side);
      case SELECT_PARENTHESISED -> selectParenthesised(side);
      case SELECT_AGGREGATE -> selectAggregate(side);
      case SELECT_HAVING_ALIAS -> selectHavingAlias(side);
      case SELECT_EXISTS -> selectExists(side);
    };
  }

  // ---- values and predicates

  private DifferentialSql column(Side side, String qualifier) {
    return of(t -> t.column(side, qualifier));
  }

  private static DifferentialSql table(String before) {
    return of(t -> before + t.table());
  }

  private Arbitrary<DifferentialSql> literal(Side side) {
    return Arbitraries.of(move.literals(side)).map(DifferentialSql::of);
  }

  private Arbitrary<DifferentialSql> parameter(Side side) {
    return Arbitraries.of(move.literals(side))
        .map(l -> DifferentialSql.parameter(t -> t.parameter(side), move.bound(side, l)));
  }

  /** A value as an application writes it: a literal, a {@code ?} or NULL. */
  private Arbitrary<DifferentialSql> value(Side side) {
    return Arbitraries.oneOf(literal(side), parameter(side), Arbitraries.just(of("NULL")));
  }

  /** A new value for the column: a value, or an expression over the column itself or a literal. */
  private Arbitrary<DifferentialSql> newValue(Side side, String qualifier) {
    DifferentialSql current = column(side, qualifier);
    return Arbitraries.oneOf(value(side), Arbitraries.just(changed(side, current)),
        literal(side).map(l -> combined(current, l)));
  }

  private DifferentialSql changed(Side side, DifferentialSql operand) {
    return operand.wrapped(t -> s -> move.changed(side, s));
  }

  private DifferentialSql combined(DifferentialSql left, DifferentialSql right) {
    return move == DifferentialMove.RENAME ? join("CONCAT(", left, ", ", right, ")") : join(left, " + ", right);
  }

  /** {@code value} as stored in the column the assignment targets ({@code forward(value)} in the reference). */
  private static DifferentialSql stored(Side side, DifferentialSql value) {
    return value.wrapped(t -> s -> t.stored(side, s));
  }

  private static DifferentialSql assignment(Side side, DifferentialSql value) {
    return join(of(t -> t.assigned(side)), " = ", stored(side, value));
  }

  /** A condition over either column (or none), its references qualified by {@code qualifier}. */
  private Arbitrary<DifferentialSql> predicate(String qualifier) {
    DifferentialSql id = of(t -> t.plain(qualifier, "id"));
    DifferentialSql n = of(t -> t.plain(qualifier, "n"));
    Arbitrary<DifferentialSql> plain = Arbitraries.oneOf(
        Arbitraries.integers().between(1, 6).map(k -> join(id, " = " + k)),
        Arbitraries.integers().between(0, 4).map(k -> join(id, " > " + k)),
        Arbitraries.just(join(n, " IS NULL")));
    Arbitrary<DifferentialSql> moved = Arbitraries.of(Side.values()).flatMap(side -> {
      DifferentialSql c = column(side, qualifier);
      return Arbitraries.oneOf(
          literal(side).map(l -> join(c, " = ", l)),
          parameter(side).map(p -> join(c, " > ", p)),
          Arbitraries.of(" IS NULL", " IS NOT NULL").map(test -> join(c, test)),
          Combinators.combine(literal(side), literal(side)).as((a, b) -> join(c, " IN (", a, ", ", b, ")")),
          literal(side).map(l -> join("NOT (", c, " = ", l, ")")));
    });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, plain), net.jqwik.api.Tuple.of(3, moved));
  }

  // ---- writes

  private Arbitrary<List<Integer>> ids(int min, int max) {
    return Arbitraries.integers().between(min, max).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
  }

  private Arbitrary<String> n() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 5).map(String::valueOf), Arbitraries.just("NULL"));
  }

  /** {@code ids.size()} rows of {@code columns} ("id", "n", "c"), as a VALUES list. */
  private static DifferentialSql rows(Side side, List<String> columns, List<Integer> ids, List<DifferentialSql> values,
      List<String> ns) {
    List<DifferentialSql> tuples = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      List<DifferentialSql> cells = new ArrayList<>();
      for (String c : columns) {
        cells.add(switch (c) {
          case "id" -> of(String.valueOf(ids.get(i)));
          case "n" -> of(ns.get(i));
          default -> stored(side, values.get(i));
        });
      }
      tuples.add(join("(", joining(", ", cells), ")"));
    }
    return joining(", ", tuples);
  }

  private static DifferentialSql columnList(Side side, List<String> columns) {
    return of(t -> String.join(", ", columns.stream().map(c -> c.equals("c") ? t.assigned(side) : c).toList()));
  }

  private Arbitrary<DifferentialSql> insert(Side side) {
    Arbitrary<List<String>> columns = Arbitraries.of(List.of("id", "n", "c"), List.of("id", "c"))
        .flatMap(Arbitraries::shuffle);
    return Combinators.combine(columns, ids(5, 9), value(side).list().ofSize(3), n().list().ofSize(3))
        .as((cols, ids, values, ns) -> join(table("INSERT INTO "), " (", columnList(side, cols), ") VALUES ",
            rows(side, cols, ids, values, ns)));
  }

  private Arbitrary<DifferentialSql> insertWithoutColumns(Side side) {
    List<String> columns = List.of("id", "n", "c");
    return Combinators.combine(ids(5, 9), value(side).list().ofSize(3), n().list().ofSize(3))
        .as((ids, values, ns) -> join(of(t -> "INSERT INTO " + t.table() + (t.reference() ? " (id, n, v)" : "")),
            " VALUES ", rows(side, columns, ids, values, ns)));
  }

  private Arbitrary<DifferentialSql> insertSelect(Side side) {
    DifferentialSql current = column(side, null);
    return Combinators.combine(Arbitraries.of(10, 20),
            Arbitraries.oneOf(Arbitraries.just(current), Arbitraries.just(changed(side, current))), predicate(null))
        .as((offset, value, where) -> join(table("INSERT INTO "), of(t -> " (id, n, " + t.assigned(side) + ")"),
            " SELECT id + " + offset + ", n, ", stored(side, value), table(" FROM "), " WHERE ", where));
  }

  private Arbitrary<DifferentialSql> update(Side side) {
    Arbitrary<DifferentialSql> other = Arbitraries.of("n = n + 1", "n = 7").map(DifferentialSql::of);
    return Combinators.combine(newValue(side, null), other, Arbitraries.of(0, 1, 2), predicate(null))
        .as((value, n, shape, where) -> {
          List<DifferentialSql> sets = new ArrayList<>(List.of(assignment(side, value)));
          if (shape > 0) {
            sets.add(shape == 1 ? 0 : 1, n);
          }
          return join(table("UPDATE "), " SET ", joining(", ", sets), " WHERE ", where);
        });
  }

  private Arbitrary<DifferentialSql> updateRepeated(Side side) {
    Arbitrary<DifferentialSql> first = Arbitraries.oneOf(Arbitraries.just(of("NULL")), value(side));
    return Combinators.combine(first, newValue(side, null), predicate(null))
        .as((a, b, where) -> join(table("UPDATE "), " SET ", assignment(side, a), ", ", assignment(side, b),
            " WHERE ", where));
  }

  private Arbitrary<DifferentialSql> updateRowValue(Side side) {
    return Combinators.combine(value(side), Arbitraries.of(0, 1, 2), predicate(null)).as((value, shape, where) -> {
      DifferentialSql target = of(t -> t.assigned(side));
      DifferentialSql stored = stored(side, value);
      DifferentialSql sets = switch (shape) {
        // One column: H2 writes (c) = (v). PostgreSQL wants ROW(v) there, which JSqlParser cannot
        // parse (Tandem refuses it, as it must), so PostgreSQL gets the two-column form.
        case 0 -> join(of(t -> "(" + t.assigned(side) + (t.engine() == Engine.H2 ? "" : ", n") + ") = ("), stored,
            of(t -> t.engine() == Engine.H2 ? ")" : ", 3)"));
        case 1 -> join("(", target, ", n) = (", stored, ", 3)");
        default -> join("(n, ", target, ") = (3, ", stored, ")");
      };
      return join(table("UPDATE "), " SET ", sets, " WHERE ", where);
    });
  }

  /** The value of the row the upsert's update part finds in the table ({@code x.c}; unqualified on MariaDB). */
  private DifferentialSql existing(Side side) {
    return of(t -> t.column(side, t.engine() == Engine.MARIADB ? null : "x"));
  }

  /** A value for the column in an upsert's update part, over the proposed and the existing value. */
  private Arbitrary<DifferentialSql> upsertValue(Side side) {
    DifferentialSql proposed = of(t -> t.proposed(side));
    DifferentialSql existing = existing(side);
    return Arbitraries.of(proposed, changed(side, proposed), combined(proposed, existing),
        join("COALESCE(", proposed, ", ", existing, ")"), changed(side, existing));
  }

  private Arbitrary<DifferentialSql> upsert(Category category, Side side) {
    DifferentialSql proposed = of(t -> t.proposed(side));
    DifferentialSql toN = join("n = ", proposed.wrapped(t -> s -> move.integerOf(side, s)));
    Arbitrary<DifferentialSql> sets = category == Category.UPSERT_REPEATED
        ? upsertValue(side).map(v -> join(assignment(side, of("NULL")), ", ", assignment(side, v)))
        : Combinators.combine(upsertValue(side), Arbitraries.of(0, 1, 2)).as((v, shape) -> switch (shape) {
          case 0 -> assignment(side, v);
          case 1 -> join(assignment(side, v), ", ", toN);
          // The proposed moved value assigned to another column only.
          default -> toN;
        });
    DifferentialSql existing = existing(side);
    Arbitrary<DifferentialSql> where = category != Category.UPSERT_WHERE ? Arbitraries.just(of(""))
        : Arbitraries.of(join(" WHERE ", existing, " IS NOT NULL"), join(" WHERE ", proposed, " IS NOT NULL"),
            join(" WHERE ", proposed, " <> ", existing),
            join(" WHERE ", existing, " IS NULL OR ", proposed, " > ", existing));
    List<String> columns = List.of("id", "n", "c");
    return Combinators.combine(ids(1, 7), value(side).list().ofSize(3), n().list().ofSize(3), sets, where)
        .as((ids, values, ns, set, condition) -> join(table("INSERT INTO "),
            of(t -> t.engine() == Engine.MARIADB ? "" : " AS x"), " (", columnList(side, columns), ") VALUES ",
            rows(side, columns, ids, values, ns),
            of(t -> t.engine() == Engine.MARIADB ? " ON DUPLICATE KEY UPDATE " : " ON CONFLICT (id) DO UPDATE SET "),
            set, condition));
  }

  private Arbitrary<DifferentialSql> merge(Side side) {
    String type = move.type(side);
    Arbitrary<DifferentialSql> source = Arbitraries.oneOf(
        Arbitraries.of(move.literals(side)).map(l -> of("CAST(" + l + " AS " + type + ")")),
        Arbitraries.of(move.literals(side))
            .map(l -> DifferentialSql.parameter(t -> "CAST(? AS " + type + ")", move.bound(side, l))),
        Arbitraries.just(of("CAST(NULL AS " + type + ")")));
    DifferentialSql proposed = of("s.c");
    DifferentialSql existing = column(side, "x");
    Arbitrary<DifferentialSql> value = Arbitraries.of(proposed, changed(side, proposed),
        combined(proposed, existing), join("COALESCE(", proposed, ", ", existing, ")"), changed(side, existing));
    return Combinators.combine(Arbitraries.integers().between(1, 7), source, value, n())
        .as((id, src, v, n) -> join(table("MERGE INTO "), " x USING (SELECT " + id + " AS id, ", src,
            " AS c) s ON x.id = s.id WHEN MATCHED THEN UPDATE SET ", assignment(side, v),
            " WHEN NOT MATCHED THEN INSERT (id, n, ", of(t -> t.assigned(side)), ") VALUES (s.id, " + n + ", ",
            stored(side, proposed), ")"));
  }

  // ---- reads (rendered for Tandem only: the reference runs the same text on a rebuilt table)

  private Arbitrary<DifferentialSql> qualifiedStar() {
    return Arbitraries.oneOf(
        predicate(DifferentialTarget.TABLE).map(p -> join("SELECT t.* FROM t WHERE ", p, " ORDER BY t.id")),
        predicate("x").map(p -> join("SELECT x.* FROM t x WHERE ", p, " ORDER BY x.id")),
        Arbitraries.just(of("SELECT x.n, x.* FROM t x ORDER BY x.id")));
  }

  private Arbitrary<DifferentialSql> selectColumns() {
    List<String> names = List.of("id", "n", move.from, move.to);
    Arbitrary<List<String>> items = Arbitraries.of(names).list().uniqueElements().ofMinSize(1).ofMaxSize(4)
        .filter(l -> l.contains(move.from) || l.contains(move.to));
    return Combinators.combine(items, Arbitraries.of(true, false), predicate("x")).as((cols, qualified, where) ->
        join("SELECT " + String.join(", ", cols.stream().map(c -> qualified ? "x." + c : c).toList())
            + " FROM t x WHERE ", where, " ORDER BY x.id"));
  }

  private Arbitrary<DifferentialSql> selectExpression(Side side) {
    DifferentialSql c = column(side, null);
    return Arbitraries.oneOf(
        Arbitraries.just(join("SELECT id, ", changed(side, c), " AS e FROM t ORDER BY id")),
        // Unlabelled: the engine makes up the label, so only value and type are compared (see DifferentialRun).
        Arbitraries.just(join("SELECT id, ", changed(side, c), " FROM t ORDER BY id")),
        // An alias named like the column it computes from.
        literal(side).map(l -> join("SELECT id, COALESCE(", c, ", ", l, ") AS " + move.column(side)
            + " FROM t ORDER BY id")));
  }

  private Arbitrary<DifferentialSql> selectParenthesised(Side side) {
    String c = move.column(side);
    return Arbitraries.of(of("SELECT DISTINCT (" + c + ") FROM t ORDER BY 1"),
        of("SELECT (x." + c + ") FROM t x ORDER BY x.id"), of("SELECT id, (" + c + ") FROM t ORDER BY id"));
  }

  private Arbitrary<DifferentialSql> selectAggregate(Side side) {
    String c = move.column(side);
    return Arbitraries.oneOf(
        Arbitraries.of(of("SELECT n, max(" + c + ") AS m, count(" + c + ") AS k FROM t GROUP BY n ORDER BY n"),
            of("SELECT n, max(" + c + ") AS m FROM t GROUP BY n HAVING max(" + c + ") IS NOT NULL ORDER BY n"),
            of("SELECT " + c + ", count(*) AS k FROM t GROUP BY " + c + " HAVING " + c + " IS NOT NULL ORDER BY "
                + c)),
        predicate(null).map(p -> join("SELECT count(*) AS k FROM t WHERE ", p)));
  }

  private Arbitrary<DifferentialSql> selectHavingAlias(Side side) {
    String c = move.column(side);
    return Arbitraries.oneOf(
        Arbitraries.just(of("SELECT n, max(" + c + ") AS " + c + " FROM t GROUP BY n HAVING " + c
            + " IS NOT NULL ORDER BY n")),
        literal(side).map(l -> join("SELECT n, max(" + c + ") AS m FROM t GROUP BY n HAVING m > ", l, " ORDER BY n")));
  }

  private Arbitrary<DifferentialSql> selectExists(Side side) {
    String c = move.column(side);
    Arbitrary<String> inner = Arbitraries.oneOf(
        Arbitraries.just("SELECT * FROM t u WHERE u." + c + " = x." + c + " AND u.id <> x.id"),
        Arbitraries.of(move.literals(side)).map(l -> "SELECT * FROM t u WHERE u." + c + " = " + l));
    return Combinators.combine(Arbitraries.of("EXISTS (%s)", "NOT EXISTS (%s)", "NOT (EXISTS (%s))"), inner)
        .as((form, query) -> of("SELECT x.id FROM t x WHERE " + String.format(form, query) + " ORDER BY x.id"));
  }
}
