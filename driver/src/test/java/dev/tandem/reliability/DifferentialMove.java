package dev.tandem.reliability;

import dev.tandem.rules.Phase;
import java.math.BigDecimal;
import java.util.List;

/**
 * The moves the differential test runs, each on its own table {@code t(id, n, from, to)}: a rename
 * and a type change with a non-identity transform in both directions. Each knows the values an
 * application version writes in its own column's terms, as SQL literals and as bound Java values,
 * and the seed rows every try starts from.
 */
enum DifferentialMove {
  RENAME("email", "email_address", "VARCHAR(50)", "VARCHAR(50)", null, null,
      List.of("'a@x'", "'b@x'", "'c@x'", "'d@x'"), List.of("'a@x'", "'b@x'", "'c@x'", "'d@x'"), "'stale@x'"),
  // The transforms the issue reports against: a bound 12.34 substituted into backward must not be
  // typed by H2 from "* 100" (an INT) and written as 1200.
  PRICE("price_cents", "price", "INT", "DECIMAL(10,2)", "{from} / 100.0", "CAST(ROUND({to} * 100) AS INT)",
      List.of("100", "250", "1999", "5", "0", "-40"), List.of("1.00", "2.50", "19.99", "0.05", "0.00", "-0.40"), "7");

  /** The new-column value of seed row {@code id} (1-based); row 3 is NULL in both columns. */
  private static final int[] SEED_VALUE = {0, 1, -1, 2};

  final String from;
  final String to;
  final String fromType;
  final String toType;
  private final String forward;
  private final String backward;
  private final List<String> oldLiterals;
  private final List<String> newLiterals;
  private final String staleOld;

  DifferentialMove(String from, String to, String fromType, String toType, String forward, String backward,
      List<String> oldLiterals, List<String> newLiterals, String staleOld) {
    this.from = from;
    this.to = to;
    this.fromType = fromType;
    this.toType = toType;
    this.forward = forward;
    this.backward = backward;
    this.oldLiterals = oldLiterals;
    this.newLiterals = newLiterals;
    this.staleOld = staleOld;
  }

  /** The rule file with this one move on table {@code t} in {@code phase}. */
  String yaml(Phase phase) {
    String transforms = forward == null ? ""
        : "    forward: \"" + forward + "\"\n    backward: \"" + backward + "\"\n";
    return "version: 1\nmoves:\n  - table: t\n    from: " + from + "\n    to: " + to + "\n" + transforms
        + "    phase: " + phase.yamlName() + "\n";
  }

  String column(Side side) {
    return side == Side.OLD ? from : to;
  }

  String type(Side side) {
    return side == Side.OLD ? fromType : toType;
  }

  /** {@code forward(value)}, the value and the whole parenthesised, so that both can be any expression. */
  String forward(String value) {
    return "(" + (forward == null ? value : forward.replace("{from}", "(" + value + ")")) + ")";
  }

  /** {@code backward(value)}, parenthesised. */
  String backward(String value) {
    return "(" + (backward == null ? value : backward.replace("{to}", "(" + value + ")")) + ")";
  }

  List<String> literals(Side side) {
    return side == Side.OLD ? oldLiterals : newLiterals;
  }

  /** The Java value an application binds for literal {@code literal} of {@code side}. */
  Object bound(Side side, String literal) {
    if (this == RENAME) {
      return literal.substring(1, literal.length() - 1);
    }
    return side == Side.OLD ? (Object) Integer.valueOf(literal) : new BigDecimal(literal);
  }

  /** An expression of the column's own type that changes {@code operand} (a column or value). */
  String changed(Side side, String operand) {
    if (this == RENAME) {
      return "CONCAT(" + operand + ", '!')";
    }
    return operand + (side == Side.OLD ? " + 1" : " + 0.01");
  }

  /** An integer computed from {@code operand}, for assigning a moved value to the other column {@code n}. */
  String integerOf(Side side, String operand) {
    if (this == RENAME) {
      return "LENGTH(" + operand + ")";
    }
    return side == Side.OLD ? operand : "FLOOR(" + operand + ")";
  }

  /** Seed row {@code id} (1..4) as {@code [n, old literal, new literal]}, NULLs as {@code NULL}. */
  String[] seed(int id) {
    int value = SEED_VALUE[id - 1];
    return new String[] {
        id == 3 ? "NULL" : String.valueOf(id),
        value < 0 ? "NULL" : oldLiterals.get(value),
        value < 0 ? "NULL" : newLiterals.get(value)};
  }

  /** What row 4's old column holds in contract: an old value that {@code to} no longer agrees with. */
  String staleOld() {
    return staleOld;
  }

  /** Which application version a statement comes from: the old one names {@code from}, the new one {@code to}. */
  enum Side {
    OLD,
    NEW
  }
}
