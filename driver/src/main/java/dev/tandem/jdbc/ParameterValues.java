package dev.tandem.jdbc;

import dev.tandem.rewrite.ParameterMap;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The {@code setXxx} calls the application made on one row of parameters, as plain values that can
 * be replayed on any statement index: the fan-out sets each on every index the plan maps the
 * application's index to, and a re-prepared statement gets them again. Each call is stored as its
 * setter's number (see the generated {@code PreparedStatementForwarder.apply}), its object
 * arguments and its primitive arguments (as {@code long} bits), in arrays reused from one execution
 * to the next, so binding a value allocates nothing once the arrays are big enough (sized to the
 * highest index bound, doubled as needed).
 */
final class ParameterValues {
  /** No setter was called for the index (the arrays hold {@code setter + 1}). */
  private static final int UNSET = 0;
  private static final int[] NO_SETTERS = new int[0];
  private static final Object[] NO_OBJECTS = new Object[0];
  private static final long[] NO_NUMBERS = new long[0];

  /** Per application index, the setter called on it plus one, or {@link #UNSET}. */
  private int[] setters = NO_SETTERS;
  /** Two object arguments per index. */
  private Object[] objects = NO_OBJECTS;
  /** Two primitive arguments per index. */
  private long[] numbers = NO_NUMBERS;

  /** Remembers setter {@code setter} with its arguments for application index {@code index}. */
  void put(int index, int setter, Object o1, Object o2, long n1, long n2) {
    if (index >= setters.length) {
      int size = Math.max(index + 1, setters.length * 2);
      setters = Arrays.copyOf(setters, size);
      objects = Arrays.copyOf(objects, 2 * size);
      numbers = Arrays.copyOf(numbers, 2 * size);
    }
    setters[index] = setter + 1;
    objects[2 * index] = o1;
    objects[2 * index + 1] = o2;
    numbers[2 * index] = n1;
    numbers[2 * index + 1] = n2;
  }

  /** Whether the store is small enough to keep for another statement (a huge multi-row INSERT's is not). */
  boolean small() {
    return setters.length <= 64;
  }

  /** Forgets every value ({@code clearParameters}), keeping the arrays. */
  void clear() {
    Arrays.fill(setters, UNSET);
    Arrays.fill(objects, null);
  }

  /** A copy of these values (a row of a batch). */
  ParameterValues copy() {
    ParameterValues copy = new ParameterValues();
    copy.setters = setters.clone();
    copy.objects = objects.clone();
    copy.numbers = numbers.clone();
    return copy;
  }

  /** Sets every remembered value on {@code target}, on each index {@code map} maps its application index to. */
  void applyTo(PreparedStatement target, ParameterMap map) throws SQLException {
    for (int i = 1; i < setters.length; i++) {
      if (setters[i] != UNSET) {
        apply(target, map, i, setters[i] - 1, objects[2 * i], objects[2 * i + 1], numbers[2 * i], numbers[2 * i + 1]);
      }
    }
  }

  /** Sets one value on {@code target}, on each index {@code map} maps application index {@code index} to. */
  static void apply(PreparedStatement target, ParameterMap map, int index, int setter, Object o1, Object o2, long n1,
      long n2) throws SQLException {
    if (map.isIdentity()) {
      PreparedStatementForwarder.apply(target, index, setter, o1, o2, n1, n2);
    } else {
      for (int t : map.targetsOf(index)) {
        PreparedStatementForwarder.apply(target, t, setter, o1, o2, n1, n2);
      }
    }
  }

  /**
   * Sets the values a follow-up statement's markers take ({@link dev.tandem.rewrite.FollowUp#sourceOf}) on
   * {@code target}.
   */
  void applyTo(PreparedStatement target, dev.tandem.rewrite.FollowUp followUp) throws SQLException {
    for (int marker = 1; marker <= followUp.markerCount(); marker++) {
      int i = followUp.sourceOf(marker);
      if (i >= setters.length || setters[i] == UNSET) {
        throw new SQLException("no value specified for parameter " + i, "07001");
      }
      PreparedStatementForwarder.apply(target, marker, setters[i] - 1, objects[2 * i], objects[2 * i + 1],
          numbers[2 * i], numbers[2 * i + 1]);
    }
  }
}
