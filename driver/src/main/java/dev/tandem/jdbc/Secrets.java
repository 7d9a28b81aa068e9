package dev.tandem.jdbc;

import java.util.regex.Pattern;

/** Keeps passwords out of messages and logs. */
public final class Secrets {
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)((?:password|passwd|pwd|secret|token|sslpassword|sslkey|accessKey|secretKey)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]+:)[^@/]*@");

  private Secrets() {}

  /** {@code url} with every password-like value replaced by {@code ***}. */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = KEY_VALUE.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }
}
