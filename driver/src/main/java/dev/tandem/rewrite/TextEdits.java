package dev.tandem.rewrite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Edits spliced into the application's SQL text at the offsets the parser reports, so that
 * everything the rewrite does not touch (comments, hints, vendor syntax, spacing) reaches the
 * database exactly as written.
 *
 * <p>Each edit records which application parameters its new text carries, in order; an edit that
 * replaces a range drops the markers inside it. {@link MarkerNumbering} turns that into the
 * {@link ParameterMap}.
 */
final class TextEdits {
  /**
   * One edit: the text {@code [begin, end)} is replaced by {@code text} (an insertion when
   * {@code begin == end}), whose markers carry the application parameters {@code parameters}
   * (1-based), in order.
   */
  record Edit(int begin, int end, String text, int[] parameters, int sequence) {}

  private final List<Edit> edits = new ArrayList<>();

  boolean isEmpty() {
    return edits.isEmpty();
  }

  /** Inserts {@code text} before the character at {@code offset}; insertions at one offset keep their order. */
  void insert(int offset, String text, int[] parameters) {
    replace(offset, offset, text, parameters);
  }

  /** Replaces {@code [begin, end)} by {@code text}. */
  void replace(int begin, int end, String text, int[] parameters) {
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("bad range " + begin + ".." + end);
    }
    edits.add(new Edit(begin, end, text, parameters, edits.size()));
  }

  /** The edits in text order (ties in the order they were made). */
  List<Edit> sorted() {
    List<Edit> copy = new ArrayList<>(edits);
    copy.sort(Comparator.comparingInt(Edit::begin).thenComparingInt(Edit::sequence));
    return copy;
  }

  /**
   * The edited text.
   *
   * @throws IllegalStateException when two replacements overlap (a rewriter bug; callers refuse)
   */
  String apply(String sql) {
    List<Edit> ordered = sorted();
    StringBuilder out = new StringBuilder(sql.length() + 64);
    int at = 0;
    for (Edit e : ordered) {
      if (e.begin() < at) {
        throw new IllegalStateException("overlapping edits at offset " + e.begin());
      }
      out.append(sql, at, e.begin()).append(e.text());
      at = e.end();
    }
    return out.append(sql, at, sql.length()).toString();
  }
}
