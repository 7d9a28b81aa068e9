package dev.tandem.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A piece of generated SQL: its text for a {@link DifferentialTarget} and the values of its
 * {@code ?} markers in text order. The application's statement and its reference equivalent have
 * the same markers in the same order, so one list of values serves both.
 */
record DifferentialSql(Function<DifferentialTarget, String> text, List<Object> parameters) {
  /** Text that is the same for both targets. */
  static DifferentialSql of(String text) {
    return new DifferentialSql(t -> text, List.of());
  }

  /** Text that depends on the target, without markers. */
  static DifferentialSql of(Function<DifferentialTarget, String> text) {
    return new DifferentialSql(text, List.of());
  }

  /** One marker whose text the target decides, bound to {@code value}. */
  static DifferentialSql parameter(Function<DifferentialTarget, String> marker, Object value) {
    List<Object> values = new ArrayList<>();
    values.add(value);
    return new DifferentialSql(marker, values);
  }

  /** Strings and pieces one after the other. */
  static DifferentialSql join(Object... parts) {
    List<Function<DifferentialTarget, String>> texts = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (Object part : parts) {
      DifferentialSql piece = part instanceof DifferentialSql s ? s : of((String) part);
      texts.add(piece.text);
      values.addAll(piece.parameters);
    }
    return new DifferentialSql(t -> {
      StringBuilder sb = new StringBuilder();
      texts.forEach(f -> sb.append(f.apply(t)));
      return sb.toString();
    }, values);
  }

  /** {@code pieces} separated by {@code separator}. */
  static DifferentialSql joining(String separator, List<DifferentialSql> pieces) {
    List<Object> parts = new ArrayList<>();
    for (DifferentialSql piece : pieces) {
      if (!parts.isEmpty()) {
        parts.add(separator);
      }
      parts.add(piece);
    }
    return join(parts.toArray());
  }

  /** This piece with its text transformed per target (e.g. wrapped in {@code forward(…)}), same markers. */
  DifferentialSql wrapped(Function<DifferentialTarget, UnaryOperator<String>> wrapper) {
    return new DifferentialSql(t -> wrapper.apply(t).apply(text.apply(t)), parameters);
  }

  String in(DifferentialTarget target) {
    return text.apply(target);
  }
}
