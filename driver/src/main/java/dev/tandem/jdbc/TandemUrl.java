package dev.tandem.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code jdbc:tandem:<vendor url>} URL taken apart: the vendor URL (exactly the prefix
 * {@code tandem:} removed, and Tandem's own settings), and those settings.
 *
 * <p>Settings may sit in the query string ({@code ?tandem.rules=/etc/rules.yaml&ssl=true}) or in
 * semicolon-separated segments ({@code jdbc:tandem:h2:mem:x;tandem.rules=…}), wherever the vendor
 * URL keeps its own options. Everything else in the URL is left byte for byte as written.
 */
public final class TandemUrl {
  /** The prefix every Tandem URL starts with. */
  public static final String PREFIX = "jdbc:tandem:";

  private final String vendorUrl;
  private final Map<String, String> settings;

  private TandemUrl(String vendorUrl, Map<String, String> settings) {
    this.vendorUrl = vendorUrl;
    this.settings = Collections.unmodifiableMap(settings);
  }

  /** Whether {@code url} is a Tandem URL. */
  public static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** Parses a Tandem URL. */
  public static TandemUrl parse(String url) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("not a Tandem URL (it must start with " + PREFIX + "): " + Secrets.maskUrl(url),
          "08001");
    }
    String rest = url.substring(PREFIX.length());
    if (accepts("jdbc:" + rest)) {
      throw new SQLException("a Tandem URL must wrap a vendor URL, not another Tandem URL: "
          + Secrets.maskUrl(url), "08001");
    }
    if (rest.isEmpty()) {
      throw new SQLException("the Tandem URL names no vendor URL: " + url, "08001");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    String vendor = "jdbc:" + rest;
    int query = vendor.indexOf('?');
    String head = query < 0 ? vendor : vendor.substring(0, query);
    String tail = query < 0 ? null : vendor.substring(query + 1);
    head = strip(head, ";", true, false, settings);
    if (tail != null) {
      tail = strip(tail, "&", false, true, settings);
    }
    String vendorUrl = tail == null || tail.isEmpty() ? head : head + '?' + tail;
    return new TandemUrl(vendorUrl, settings);
  }

  /**
   * Removes the {@code tandem.*=value} parts separated by {@code separator} from {@code text} and
   * puts them in {@code settings}; every other part is kept as written.
   *
   * @param firstIsBody whether the first part is the vendor's URL body, never a setting
   * @param decode whether keys and values are percent-encoded (query strings)
   */
  private static String strip(String text, String separator, boolean firstIsBody, boolean decode,
      Map<String, String> settings) throws SQLException {
    if (!text.toLowerCase(Locale.ROOT).contains(TandemSetting.PREFIX)) {
      return text;
    }
    String[] parts = text.split(Pattern.quote(separator), -1);
    StringBuilder kept = new StringBuilder();
    boolean first = true;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (!(firstIsBody && i == 0) && TandemSetting.isTandemKey(part)) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? part : part.substring(0, eq);
        String value = eq < 0 ? "" : part.substring(eq + 1);
        if (decode) {
          key = URLDecoder.decode(key, StandardCharsets.UTF_8);
          value = URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
        if (settings.put(key, value) != null) {
          throw new SQLException("the URL gives " + key + " twice", "08001");
        }
        continue;
      }
      if (!first) {
        kept.append(separator);
      }
      kept.append(part);
      first = false;
    }
    return kept.toString();
  }

  /** The URL handed to the vendor driver. */
  public String vendorUrl() {
    return vendorUrl;
  }

  /** The {@code tandem.*} settings the URL gave, keys as written. */
  public Map<String, String> settings() {
    return settings;
  }

  @Override
  public String toString() {
    return Secrets.maskUrl(vendorUrl);
  }
}
