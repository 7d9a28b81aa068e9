package dev.tandem.rewrite;

import java.sql.Types;
import java.util.Locale;
import java.util.Map;

/**
 * The result columns of a plan whose values Tandem computed and whose declared type the SQL could not
 * express, by label: MariaDB's {@code CAST(… AS SIGNED)} is a {@code BIGINT} whatever integer type
 * the column it stands for has, so the application would read a {@link Long} where the column gives
 * an {@link Integer}. The JDBC layer narrows such values to the Java type the column itself gives
 * (SPEC §2). Empty on every other engine.
 */
public final class ResultTypes {
  /** No column to narrow. */
  public static final ResultTypes NONE = new ResultTypes(Map.of());

  /** Declared types ({@link Types} constants) by label, folded to lower case. */
  private final Map<String, Integer> declared;

  ResultTypes(Map<String, Integer> declared) {
    this.declared = Map.copyOf(declared);
  }

  /** Whether there is nothing to narrow. */
  public boolean isEmpty() {
    return declared.isEmpty();
  }

  /**
   * {@code value}, read from the computed column labelled {@code label}, as the Java type MariaDB
   * Connector/J gives for the declared column ({@code SMALLINT} a {@link Short}, {@code TINYINT},
   * {@code MEDIUMINT} and {@code INT} an {@link Integer}); the value itself when the label is not a
   * computed column or the value does not fit (it would not have fit the column either).
   */
  public Object narrowed(String label, Object value) {
    Integer type = label == null || !(value instanceof Long) ? null : declared.get(label.toLowerCase(Locale.ROOT));
    if (type == null) {
      return value;
    }
    long v = (Long) value;
    if (type == Types.SMALLINT) {
      return v == (short) v ? Short.valueOf((short) v) : value;
    }
    return v == (int) v ? Integer.valueOf((int) v) : value;
  }

  /** Whether values labelled {@code label} are narrowed. */
  public boolean narrows(String label) {
    return label != null && declared.containsKey(label.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResultTypes r && r.declared.equals(declared);
  }

  @Override
  public int hashCode() {
    return declared.hashCode();
  }

  @Override
  public String toString() {
    return "ResultTypes" + declared;
  }
}
