package dev.tandem.rewrite;

import dev.tandem.rewrite.SqlLexer.Kind;
import dev.tandem.rewrite.SqlLexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collapses long {@code IN} lists of plain values before parsing, in place: {@code id IN (?, ?, …
 * 60,000 markers)} and {@code (a, b) IN ((1, 2), (3, 4), …)} keep their first item and the rest of
 * the list becomes blanks, of the same length. JSqlParser's lookahead rescans such a list for every
 * item, so its cost grows with the square of the list (measured on 5.3: 20,000 markers take 7–12 s);
 * collapsed, the statement is the cheapest parse there is.
 *
 * <p>Nothing in a list of plain values is ever rewritten, so the rewrite does not miss it; the
 * markers blanked out are still the statement's markers ({@link Collapsed#hiddenMarkers()}), counted
 * and numbered as the vendor driver numbers them, and the text sent is the application's.
 */
final class LongLists {
  /** Lists with at least this many items are collapsed. */
  static final int MIN_ITEMS = 32;

  private LongLists() {}

  /**
   * The parser's text with long lists collapsed.
   *
   * @param hiddenMarkers offsets of the {@code ?} markers now blank, in text order
   * @param codeTokens how many tokens of code the parser is left with
   */
  record Collapsed(String text, int[] hiddenMarkers, int codeTokens) {}

  static Collapsed collapse(String text, List<Token> tokens) {
    List<Token> code = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      if (t.kind() != Kind.COMMENT && t.kind() != Kind.EXECUTABLE_OPEN && t.kind() != Kind.EXECUTABLE_CLOSE) {
        code.add(t);
      }
    }
    char[] out = null;
    int[] hidden = new int[0];
    int hiddenCount = 0;
    int remaining = code.size();
    for (int k = 0; k + 1 < code.size(); k++) {
      Token t = code.get(k);
      if (!t.isWord(text, "IN") || !isSymbol(text, code.get(k + 1), '(')) {
        continue;
      }
      int[] list = list(text, code, k + 2);
      if (list == null || list[1] < MIN_ITEMS) {
        continue;
      }
      int firstItemEnd = list[0];
      int close = list[2];
      if (out == null) {
        out = text.toCharArray();
      }
      for (int j = firstItemEnd + 1; j < close; j++) {
        Token blanked = code.get(j);
        if (blanked.kind() == Kind.MARKER) {
          if (hiddenCount == hidden.length) {
            hidden = Arrays.copyOf(hidden, Math.max(16, hiddenCount * 2));
          }
          hidden[hiddenCount++] = blanked.begin();
        }
        Arrays.fill(out, blanked.begin(), blanked.end(), ' ');
        remaining--;
      }
      k = close;
    }
    return new Collapsed(out == null ? text : new String(out), Arrays.copyOf(hidden, hiddenCount), remaining);
  }

  /**
   * Reads a list of plain items from {@code code[from]} up to its {@code )}: each item a value, or a
   * parenthesised row of values, all of one arity. Answers {@code [index of the first item's last
   * token, item count, index of the closing parenthesis]}, or {@code null} when it is no such list.
   */
  private static int[] list(String text, List<Token> code, int from) {
    int k = from;
    int items = 0;
    int arity = -1;
    int firstItemEnd = -1;
    while (k < code.size()) {
      int itemArity;
      if (isSymbol(text, code.get(k), '(')) {
        itemArity = 0;
        k++;
        while (true) {
          int after = value(text, code, k);
          if (after < 0) {
            return null;
          }
          itemArity++;
          k = after;
          if (k < code.size() && isSymbol(text, code.get(k), ',')) {
            k++;
          } else if (k < code.size() && isSymbol(text, code.get(k), ')')) {
            k++;
            break;
          } else {
            return null;
          }
        }
      } else {
        int after = value(text, code, k);
        if (after < 0) {
          return null;
        }
        itemArity = 1;
        k = after;
      }
      if (arity >= 0 && itemArity != arity) {
        return null;
      }
      arity = itemArity;
      if (items++ == 0) {
        firstItemEnd = k - 1;
      }
      if (k < code.size() && isSymbol(text, code.get(k), ',')) {
        k++;
      } else if (k < code.size() && isSymbol(text, code.get(k), ')')) {
        return new int[] {firstItemEnd, items, k};
      } else {
        return null;
      }
    }
    return null;
  }

  /** The index after a plain value at {@code k} (a marker, number, string, {@code NULL}, signed number), or -1. */
  private static int value(String text, List<Token> code, int k) {
    if (k >= code.size()) {
      return -1;
    }
    Token t = code.get(k);
    if ((isSymbol(text, t, '-') || isSymbol(text, t, '+')) && k + 1 < code.size()
        && code.get(k + 1).kind() == Kind.NUMBER) {
      return k + 2;
    }
    if (t.kind() == Kind.MARKER || t.kind() == Kind.NUMBER || t.kind() == Kind.STRING) {
      return k + 1;
    }
    if (t.isWord(text, "NULL")) {
      return k + 1;
    }
    return -1;
  }

  private static boolean isSymbol(String text, Token t, char c) {
    return t.kind() == Kind.SYMBOL && text.charAt(t.begin()) == c;
  }
}
