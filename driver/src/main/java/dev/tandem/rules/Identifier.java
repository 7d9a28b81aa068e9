package dev.tandem.rules;

import dev.tandem.dialect.Dialect;
import java.util.Objects;

/**
 * A table, schema or column name from a rule file. Unquoted names match the way the database folds
 * them (case-insensitively in practice); a name written in double quotes in the rule file
 * ({@code to: '"LastMessageAt"'}) matches exactly.
 */
public final class Identifier {
  private final String name;
  private final boolean quoted;

  private Identifier(String name, boolean quoted) {
    this.name = Objects.requireNonNull(name, "name");
    this.quoted = quoted;
  }

  /** Reads an identifier as written in a rule file: {@code name}, {@code "Name"} or {@code `Name`}. */
  public static Identifier parse(String text) {
    String t = text.trim();
    if (t.length() >= 2
        && ((t.charAt(0) == '"' && t.endsWith("\"")) || (t.charAt(0) == '`' && t.endsWith("`")))) {
      return new Identifier(t.substring(1, t.length() - 1), true);
    }
    return new Identifier(t, false);
  }

  /** An identifier with an explicit quoting flag. */
  public static Identifier of(String name, boolean quoted) {
    return new Identifier(name, quoted);
  }

  public String name() {
    return name;
  }

  public boolean quoted() {
    return quoted;
  }

  /** This identifier folded the way {@code dialect} folds it. */
  public String canonical(Dialect dialect) {
    return dialect.canonical(name, quoted);
  }

  /** Whether {@code asWritten}, an identifier as it appears in SQL text, names the same object. */
  public boolean matches(String asWritten, Dialect dialect) {
    return canonical(dialect).equals(dialect.canonical(asWritten));
  }

  /** Whether two rule-file identifiers name the same object in {@code dialect}. */
  public boolean sameAs(Identifier other, Dialect dialect) {
    return canonical(dialect).equals(other.canonical(dialect));
  }

  /**
   * Whether the two could name the same object in some database, which is what validation asks
   * before the database is known: names compare case-insensitively unless both are quoted, in
   * which case they compare exactly. (That is stricter than any one database: on MariaDB even
   * quoted column names ignore case, on PostgreSQL an unquoted name only matches its lower-case form.)
   */
  public boolean mayBeSameAs(Identifier other) {
    return quoted && other.quoted ? name.equals(other.name) : name.equalsIgnoreCase(other.name);
  }

  /** The identifier as SQL text for {@code dialect}: quoted if it was quoted in the rule file. */
  public String sql(Dialect dialect) {
    return quoted ? dialect.quote(name) : name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier && ((Identifier) o).name.equals(name) && ((Identifier) o).quoted == quoted;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + (quoted ? 1 : 0);
  }

  /** As written in the rule file. */
  @Override
  public String toString() {
    return quoted ? '"' + name + '"' : name;
  }
}
