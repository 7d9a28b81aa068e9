package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A view of the database as its catalogue describes it: its schema and name, the tables and views
 * its query reads, and the names of the columns of those it uses (anywhere in its query: select
 * list, {@code WHERE}, joins). Names are {@link Identifier}s as the catalogue spells them.
 *
 * @param schema the view's schema
 * @param name the view's name
 * @param reads the tables and views it reads; from definition text, more (any qualified name)
 * @param columns the column names it uses; from definition text, every name in it
 */
public record ViewDefinition(Identifier schema, Identifier name, List<Relation> reads, Set<Identifier> columns) {
  /** A table or view a view reads. */
  public record Relation(Identifier schema, Identifier name) {}

  /** Stands in {@link #columns} for a use of the whole row: the view uses every column. */
  public static final Identifier EVERY_COLUMN = Identifier.of("*", true);

  public ViewDefinition {
    reads = List.copyOf(reads);
    columns = Set.copyOf(columns);
  }

  /**
   * What a view's definition text (MariaDB's and H2's {@code INFORMATION_SCHEMA.VIEWS.VIEW_DEFINITION},
   * which qualify every table) reads, lexed as {@code dialect} reads it. It errs on the side of
   * more: every dotted name {@code a.b[.c]} counts as a read of {@code a.b}, every bare name as a
   * read of that name in the view's schema, and every name's last part as a column used, so a
   * column alias or a string never hides a read, and a view is never taken for one that reads less.
   */
  public static ViewDefinition fromText(String schema, String name, String definition, Dialect dialect) {
    Identifier own = Identifier.of(schema, true);
    List<Relation> reads = new ArrayList<>();
    Set<Identifier> columns = new LinkedHashSet<>();
    List<Identifier> parts = new ArrayList<>();
    boolean afterDot = false;
    for (SqlLexer.Token t : SqlLexer.of(dialect).tokens(definition == null ? "" : definition)) {
      Identifier part = switch (t.kind()) {
        case WORD -> Identifier.of(t.text(definition), false);
        case QUOTED_NAME -> t.name() == null ? null : Identifier.of(t.name(), true);
        default -> null;
      };
      if (part != null && (parts.isEmpty() || afterDot)) {
        parts.add(part);
        afterDot = false;
        continue;
      }
      boolean dot = t.kind() == SqlLexer.Kind.SYMBOL && t.end() - t.begin() == 1 && definition.charAt(t.begin()) == '.';
      if (dot && !parts.isEmpty() && !afterDot) {
        afterDot = true;
        continue;
      }
      addName(parts, own, reads, columns);
      parts.clear();
      afterDot = false;
      if (part != null) {
        parts.add(part);
      }
    }
    addName(parts, own, reads, columns);
    return new ViewDefinition(own, Identifier.of(name, true), reads, columns);
  }

  private static void addName(List<Identifier> parts, Identifier own, List<Relation> reads, Set<Identifier> columns) {
    int n = parts.size();
    if (n == 0) {
      return;
    }
    columns.add(parts.get(n - 1));
    if (n == 1) {
      reads.add(new Relation(own, parts.get(0)));
    } else {
      reads.add(new Relation(parts.get(0), parts.get(1)));
      reads.add(new Relation(parts.get(n - 2), parts.get(n - 1)));
    }
  }
}
