package dev.tandem.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords out of messages and logs. */
public final class Secrets {
  /** A password-like key, also inside a longer one ({@code trustStorePassword=}, {@code sslpassword=}). */
  private static final Pattern KEY = Pattern.compile(
      "(?i)(?:password|passwd|pwd|secret|token|sslkey|accessKey|secretKey)=");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]+:)[^@/]*@");

  private Secrets() {}

  /**
   * {@code url} with every password-like value replaced by {@code ***}. A value ends where its
   * setting does: at the next {@code &} in a query string ({@code ?password=a;b&ssl=true}: a
   * {@code ;} is part of the password there), at the next {@code ;} in a URL whose settings are
   * separated by semicolons ({@code jdbc:h2:mem:x;PASSWORD=p;TRACE_LEVEL=1}), and at white space,
   * which a URL does not hold but the message around it does.
   */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    StringBuilder masked = new StringBuilder(url.length());
    Matcher key = KEY.matcher(url);
    int copied = 0;
    while (key.find(copied)) {
      char separator = separatorBefore(url, key.start());
      int end = valueEnd(url, key.end(), separator == ';' ? ';' : '&');
      masked.append(url, copied, key.end()).append("***");
      copied = end;
      if (copied >= url.length()) {
        break;
      }
    }
    masked.append(url, Math.min(copied, url.length()), url.length());
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }

  /** Where a value starting at {@code from} ends: at {@code separator}, or white space (a URL has none). */
  private static int valueEnd(String text, int from, char separator) {
    int i = from;
    while (i < text.length() && text.charAt(i) != separator && !Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The nearest {@code ?}, {@code &} or {@code ;} before {@code at}, or 0 when there is none. */
  private static char separatorBefore(String url, int at) {
    for (int i = at - 1; i >= 0; i--) {
      char c = url.charAt(i);
      if (c == '?' || c == '&' || c == ';') {
        return c;
      }
    }
    return 0;
  }
}
