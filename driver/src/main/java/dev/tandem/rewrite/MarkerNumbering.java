package dev.tandem.rewrite;

import java.util.Arrays;
import java.util.List;

/**
 * Numbers the {@code ?} markers of a rewritten statement: walks the original markers and the
 * edits in text order and records, for every application parameter, each statement index that
 * carries its value.
 */
final class MarkerNumbering {
  private MarkerNumbering() {}

  /**
   * The parameter map after {@code edits}.
   *
   * @param markers offsets of the original markers, ascending
   * @return the map, or {@code null} when some application parameter would no longer appear
   */
  static ParameterMap number(int[] markers, List<TextEdits.Edit> edits) {
    int[][] targets = new int[markers.length][];
    int[] counts = new int[markers.length];
    for (int i = 0; i < markers.length; i++) {
      targets[i] = new int[2];
    }
    int statementIndex = 0;
    int e = 0;
    int removedUntil = -1;
    for (int m = 0; m <= markers.length; m++) {
      int offset = m < markers.length ? markers[m] : Integer.MAX_VALUE;
      while (e < edits.size() && edits.get(e).begin() <= offset) {
        TextEdits.Edit edit = edits.get(e++);
        for (int parameter : edit.parameters()) {
          statementIndex = add(targets, counts, parameter - 1, statementIndex);
        }
        removedUntil = Math.max(removedUntil, edit.end());
      }
      if (m < markers.length && offset >= removedUntil) {
        statementIndex = add(targets, counts, m, statementIndex);
      }
    }
    for (int i = 0; i < markers.length; i++) {
      if (counts[i] == 0) {
        return null;
      }
      targets[i] = Arrays.copyOf(targets[i], counts[i]);
    }
    return ParameterMap.of(targets);
  }

  private static int add(int[][] targets, int[] counts, int parameter, int statementIndex) {
    if (counts[parameter] == targets[parameter].length) {
      targets[parameter] = Arrays.copyOf(targets[parameter], counts[parameter] * 2);
    }
    int next = statementIndex + 1;
    targets[parameter][counts[parameter]++] = next;
    return next;
  }
}
