package dev.tandem.reliability;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The two moves of the stress test's table {@code item}, with their transforms computed on the
 * test's side, so that the test can say what each column must hold without asking Tandem:
 * <ul>
 *   <li>{@link #EMAIL}: the rename {@code email -> email_address} (identity both ways);
 *   <li>{@link #PRICE}: the type change {@code price_cents -> price}, forward {@code {from} / 100.0},
 *       backward {@code CAST(ROUND({to} * 100) AS INT)}: a write that skips a column, or a transform
 *       applied the wrong way round, shows as a value a factor of 100 off.
 * </ul>
 */
enum StressMove {
  EMAIL("email", "email_address", "VARCHAR(100)", "VARCHAR(100)"),
  PRICE("price_cents", "price", "INT", "DECIMAL(12,2)");

  final String from;
  final String to;
  final String fromType;
  final String toType;

  StressMove(String from, String to, String fromType, String toType) {
    this.from = from;
    this.to = to;
    this.fromType = fromType;
    this.toType = toType;
  }

  /** The column an application version names: the old version {@code from}, the new one {@code to}. */
  String column(boolean oldVersion) {
    return oldVersion ? from : to;
  }

  /** The type of the column an application version names, for a {@code CAST(? AS …)}. */
  String type(boolean oldVersion) {
    return oldVersion ? fromType : toType;
  }

  /** The new column's value for an old one (the rule's forward); NULL stays NULL. */
  Object forward(Object from) {
    if (from == null || this == EMAIL) {
      return from;
    }
    return BigDecimal.valueOf(((Number) from).longValue(), 2);
  }

  /** The old column's value for a new one (the rule's backward); NULL stays NULL. */
  Object backward(Object to) {
    if (to == null || this == EMAIL) {
      return to;
    }
    return ((BigDecimal) to).movePointRight(2).intValueExact();
  }

  /** The value an application version writes for {@code truth} (kept as the old column's value). */
  Object valueFor(boolean oldVersion, Object truth) {
    return oldVersion ? truth : forward(truth);
  }

  /** Whether two values of this move's columns are equal: numbers by value (scale aside), NULL equal to NULL. */
  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return Objects.equals(a, b);
  }
}
