package dev.tandem.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Reads are rewritten before writes, and a write may copy or replace a value that a read edit has
 * already changed ({@code SET subject = upper(title)}). {@link #spliced} gives the text of a range
 * with the edits inside it applied, and a replacement of a range absorbs the edits inside it, whose
 * effect its text already carries.
 */
final class TextEdits {
  /**
   * One edit: the text {@code [begin, end)} is replaced by {@code text} (an insertion when
   * {@code begin == end}), whose markers carry the application parameters {@code parameters}
   * (1-based), in order.
   */
  record Edit(int begin, int end, String text, int[] parameters, int sequence) {}

  /** A range of the statement with the edits inside it applied, and the parameters its markers carry. */
  record Spliced(String text, int[] parameters) {}

  private final List<Edit> edits = new ArrayList<>();
  private int sequence;

  boolean isEmpty() {
    return edits.isEmpty();
  }

  /** Inserts {@code text} before the character at {@code offset}; insertions at one offset keep their order. */
  void insert(int offset, String text, int[] parameters) {
    replace(offset, offset, text, parameters);
  }

  /**
   * Replaces {@code [begin, end)} by {@code text}. Edits inside the range are dropped: a caller that
   * replaces a range builds its text from {@link #spliced}, which already applied them.
   */
  void replace(int begin, int end, String text, int[] parameters) {
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("bad range " + begin + ".." + end);
    }
    if (end > begin) {
      edits.removeIf(e -> inside(e, begin, end));
    }
    edits.add(new Edit(begin, end, text, parameters, sequence++));
  }

  /**
   * Whether {@code e} lies inside {@code [begin, end)}: a replacement within it, or an insertion
   * strictly inside. An insertion at either boundary belongs to the surrounding text.
   */
  private static boolean inside(Edit e, int begin, int end) {
    if (e.begin() == e.end()) {
      return e.begin() > begin && e.begin() < end;
    }
    return e.begin() >= begin && e.end() <= end;
  }

  /**
   * The text of {@code [begin, end)} of {@code sql} with the edits inside it applied, and the
   * application parameters (1-based) of its markers in order.
   *
   * @param markers offsets of the statement's markers, ascending
   */
  Spliced spliced(String sql, int[] markers, int begin, int end) {
    StringBuilder text = new StringBuilder(end - begin + 16);
    int[] parameters = new int[4];
    int count = 0;
    int at = begin;
    int m = 0;
    for (Edit e : sorted()) {
      if (!inside(e, begin, end)) {
        continue;
      }
      for (; m < markers.length && markers[m] < e.begin(); m++) {
        if (markers[m] >= at) {
          parameters = add(parameters, count++, m + 1);
        }
      }
      text.append(sql, at, e.begin()).append(e.text());
      for (int p : e.parameters()) {
        parameters = add(parameters, count++, p);
      }
      at = Math.max(at, e.end());
    }
    for (; m < markers.length && markers[m] < end; m++) {
      if (markers[m] >= at) {
        parameters = add(parameters, count++, m + 1);
      }
    }
    text.append(sql, at, end);
    return new Spliced(text.toString(), Arrays.copyOf(parameters, count));
  }

  private static int[] add(int[] array, int index, int value) {
    int[] a = index == array.length ? Arrays.copyOf(array, array.length * 2) : array;
    a[index] = value;
    return a;
  }

  /**
   * The edits in text order. At one offset an insertion comes before a replacement (it goes before
   * the character there), otherwise ties keep the order they were made in.
   */
  List<Edit> sorted() {
    List<Edit> copy = new ArrayList<>(edits);
    copy.sort(Comparator.comparingInt(Edit::begin)
        .thenComparingInt(e -> e.begin() == e.end() ? 0 : 1)
        .thenComparingInt(Edit::sequence));
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
