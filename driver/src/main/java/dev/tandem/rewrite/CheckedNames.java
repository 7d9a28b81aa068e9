package dev.tandem.rewrite;

import java.util.Collection;
import java.util.Locale;

/**
 * The names a connection has already looked up in the database's catalogue, kept as 64-bit hashes of
 * their lower-case text in an immutable open-addressing table, so that asking whether a statement
 * has a word not looked up yet allocates nothing and needs no lexing.
 *
 * <p>{@link #allChecked} errs towards "no": it hashes every run of word characters and the inside of
 * every {@code "…"} and {@code `…`} run, wherever they stand (a word inside a string literal or a
 * comment is never checked, so a statement with one always goes on to be lexed). Case is folded, so
 * a quoted {@code "Customer"} and an unquoted {@code customer} share an entry; the catalogue lookup
 * folds case the same way.
 */
final class CheckedNames {
  static final CheckedNames NONE = new CheckedNames(new long[16], 0);

  /** Slots of the table; 0 marks an empty slot (a name hashing to 0 is stored as 1). */
  private final long[] slots;
  private final int size;

  private CheckedNames(long[] slots, int size) {
    this.slots = slots;
    this.size = size;
  }

  int size() {
    return size;
  }

  /** These names and {@code names} (as written or decoded; case does not matter). */
  CheckedNames plus(Collection<String> names) {
    int capacity = slots.length;
    while ((size + names.size()) * 2 > capacity) {
      capacity *= 2;
    }
    long[] table;
    int count;
    if (capacity == slots.length) {
      table = slots.clone();
      count = size;
    } else {
      table = new long[capacity];
      count = 0;
      for (long h : slots) {
        if (h != 0) {
          count += insert(table, h) ? 1 : 0;
        }
      }
    }
    for (String name : names) {
      count += insert(table, hash(name, 0, name.length())) ? 1 : 0;
    }
    return new CheckedNames(table, count);
  }

  /** Whether every word and quoted run of {@code sql} is among these names. */
  boolean allChecked(String sql) {
    return scan(sql, this, null);
  }

  /** Whether {@code name} (any case) is among these names. */
  boolean contains(String name) {
    return contains(hash(name, 0, name.length()));
  }

  /** Adds to {@code out} every text {@link #allChecked} would look for in {@code text}, lower-case. */
  static void words(String text, Collection<String> out) {
    scan(text, null, out);
  }

  /**
   * The one walk over a text's words: each maximal run of word characters, each tail of a run that
   * starts with a letter right after a digit or {@code $} (where MariaDB's executable comments and
   * PostgreSQL's lexer may start a name: {@code /*!50100customer*}{@code /}), and the inside of each
   * {@code "…"} and {@code `…`} run. With {@code names}: whether each is among them (stops at the first
   * that is not); otherwise each is added to {@code out}.
   */
  private static boolean scan(String text, CheckedNames names, Collection<String> out) {
    int n = text.length();
    int i = 0;
    int closing = -1; // the quote that ends the quoted run walked last: it opens no run of its own
    while (i < n) {
      char c = text.charAt(i);
      if (isWordChar(c)) {
        int end = i + 1;
        while (end < n && isWordChar(text.charAt(end))) {
          end++;
        }
        for (int from = i; from < end; from++) {
          boolean start = from == i || (isLetter(text.charAt(from)) && !isLetter(text.charAt(from - 1)));
          if (start && !found(text, from, end, names, out)) {
            return false;
          }
        }
        i = end;
      } else if ((c == '"' || c == '`') && i != closing) {
        int end = text.indexOf(c, i + 1);
        if (!found(text, i + 1, end < 0 ? n : end, names, out)) {
          return false;
        }
        closing = end;
        i++; // the words inside are walked too
      } else {
        i++;
      }
    }
    return true;
  }

  private static boolean found(String text, int from, int to, CheckedNames names, Collection<String> out) {
    if (names != null) {
      return names.contains(hash(text, from, to));
    }
    out.add(text.substring(from, to).toLowerCase(Locale.ROOT));
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 128 && Character.isLetter(c));
  }

  private boolean contains(long h) {
    int mask = slots.length - 1;
    for (int at = (int) (h ^ (h >>> 32)) & mask; ; at = (at + 1) & mask) {
      long s = slots[at];
      if (s == h) {
        return true;
      }
      if (s == 0) {
        return false;
      }
    }
  }

  private static boolean insert(long[] table, long h) {
    int mask = table.length - 1;
    for (int at = (int) (h ^ (h >>> 32)) & mask; ; at = (at + 1) & mask) {
      if (table[at] == h) {
        return false;
      }
      if (table[at] == 0) {
        table[at] = h;
        return true;
      }
    }
  }

  /** FNV-1a over the lower-case characters of {@code text[from, to)}; never 0. */
  static long hash(String text, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h ^= Character.toLowerCase(text.charAt(i));
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
        || (c >= 128 && Character.isLetterOrDigit(c));
  }
}
