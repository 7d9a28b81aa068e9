package dev.tandem.jdbc;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A stream or reader parameter that may have to be set on several statement indexes. A stream can
 * be read only once, so when it fans out to more than one index it is read into memory once and
 * every index gets its own copy. A stream that goes to one index is handed over untouched, so large
 * values are still streamed.
 *
 * @param <T> {@link InputStream} or {@link Reader}
 */
final class LobSource<T> {
  private final T original;
  private final Supplier<T> copies;
  private boolean handedOut;

  private LobSource(T original, Supplier<T> copies) {
    this.original = original;
    this.copies = copies;
  }

  /** The value for the next index. */
  T next() throws SQLException {
    if (copies != null) {
      return copies.get();
    }
    if (handedOut && original != null) {
      // Only reachable when the statement is re-prepared after the driver already had the stream.
      throw new SQLException("a stream parameter was given to the database before the rules changed;"
          + " bind it again before executing", "HY000");
    }
    handedOut = true;
    return original;
  }

  /** A byte stream; {@code length} is the declared length, or -1 to read to the end. */
  static LobSource<InputStream> bytes(InputStream in, long length, int fanOut) throws SQLException {
    if (in == null || fanOut <= 1) {
      return new LobSource<>(in, null);
    }
    try {
      byte[] data = length < 0 ? in.readAllBytes() : in.readNBytes(checkedLength(length));
      return new LobSource<>(in, () -> new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** A character stream; {@code length} is the declared length in characters, or -1. */
  static LobSource<Reader> chars(Reader in, long length, int fanOut) throws SQLException {
    if (in == null || fanOut <= 1) {
      return new LobSource<>(in, null);
    }
    try {
      char[] data = readChars(in, length);
      return new LobSource<>(in, () -> new CharArrayReader(data));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static char[] readChars(Reader in, long length) throws IOException {
    char[] buffer = new char[length < 0 ? 8192 : checkedLength(length)];
    int n = 0;
    while (n < buffer.length || length < 0) {
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return Arrays.copyOf(buffer, n);
  }

  private static int checkedLength(long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("a stream of " + length + " units is too large to be written to two columns");
    }
    return (int) length;
  }

  private static SQLException unreadable(IOException e) {
    return new SQLException("cannot read the stream parameter: " + e.getMessage(), "HY000", e);
  }
}
