package dev.tandem.rewrite;

import java.sql.SQLException;

/**
 * What the database's catalogue declares about a function it holds (SPEC §5): whether it may give
 * a different result each time it is evaluated within one statement. The rewriter asks before it
 * writes a value that calls a function it does not know to two columns. The JDBC layer answers
 * from the catalogue (PostgreSQL {@code pg_proc.provolatile}, MariaDB/MySQL and H2
 * {@code INFORMATION_SCHEMA.ROUTINES.IS_DETERMINISTIC}); tests answer from a map.
 */
@FunctionalInterface
public interface FunctionCatalogue {
  /** What a catalogue says of a function. */
  enum Volatility {
    /** Same arguments, same result, always (PostgreSQL {@code IMMUTABLE}, {@code DETERMINISTIC}). */
    IMMUTABLE,
    /** Same result within one statement (PostgreSQL {@code STABLE}). */
    STABLE,
    /** May differ on every call ({@code VOLATILE}, {@code NOT DETERMINISTIC}). */
    VOLATILE,
    /** The catalogue holds no such function (or cannot be asked). */
    UNKNOWN;

    /** Whether a value calling such a function may be written to two columns by repeating it. */
    public boolean repeatable() {
      return this == IMMUTABLE || this == STABLE;
    }
  }

  /** Knows no function: every function Tandem does not know itself is {@link Volatility#UNKNOWN}. */
  FunctionCatalogue NONE = (schema, function) -> Volatility.UNKNOWN;

  /**
   * What the catalogue declares about {@code schema.function}, over all its overloads (the least
   * repeatable wins).
   *
   * @param schema the schema as written in SQL, or {@code null} when the call names none
   * @param function the function's name as written in SQL
   */
  Volatility volatilityOf(String schema, String function) throws SQLException;
}
