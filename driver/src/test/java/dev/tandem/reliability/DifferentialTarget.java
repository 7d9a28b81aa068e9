package dev.tandem.reliability;

import dev.tandem.reliability.DifferentialMove.Side;
import dev.tandem.testing.Engine;

/**
 * Where a generated statement is rendered for: either the application's SQL sent through Tandem to
 * the two-column table {@code t}, or its hand-written equivalent on the raw driver against the
 * one-column reference table {@code truth(id, n, v)}, where {@code v} holds the new column's value.
 * In the reference, a reference to the old column is {@code backward(v)}, a write of it is
 * {@code v = forward(value)}, and every bound value is cast to the type of the column the
 * application wrote it for, so that no engine's type inference decides the expected value.
 */
record DifferentialTarget(DifferentialMove move, Engine engine, boolean reference) {
  /** The qualifier that names the table itself; every other qualifier is an alias, the same in both. */
  static final String TABLE = "t";

  String table() {
    return reference ? "truth" : "t";
  }

  /** A read of {@code side}'s column, qualified by {@code qualifier} (null, {@link #TABLE} or an alias). */
  String column(Side side, String qualifier) {
    if (!reference) {
      return plain(qualifier, move.column(side));
    }
    return side == Side.OLD ? move.backward(plain(qualifier, "v")) : plain(qualifier, "v");
  }

  /** A column that is not moved ({@code id}, {@code n}), qualified like {@link #column}. */
  String plain(String qualifier, String column) {
    return qualifier == null ? column : (qualifier.equals(TABLE) ? table() : qualifier) + "." + column;
  }

  /** The column an assignment to {@code side}'s column targets. */
  String assigned(Side side) {
    return reference ? "v" : move.column(side);
  }

  /** The value stored for a value of {@code side} in the column that {@link #assigned} names. */
  String stored(Side side, String value) {
    return reference && side == Side.OLD ? move.forward(value) : value;
  }

  /** A {@code ?} marker for a value of {@code side}. */
  String parameter(Side side) {
    return reference ? "CAST(? AS " + move.type(side) + ")" : "?";
  }

  /** The value an upsert proposed for {@code side}'s column: {@code EXCLUDED.c} or MariaDB's {@code VALUES(c)}. */
  String proposed(Side side) {
    String column = reference ? "v" : move.column(side);
    String proposed = engine == Engine.MARIADB ? "VALUES(" + column + ")" : "EXCLUDED." + column;
    return reference && side == Side.OLD ? move.backward(proposed) : proposed;
  }
}
