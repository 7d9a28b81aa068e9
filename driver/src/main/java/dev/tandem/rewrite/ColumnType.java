package dev.tandem.rewrite;

import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declared type of a column as JDBC metadata reports it ({@link java.sql.DatabaseMetaData#getColumns}):
 * what a value Tandem computes for that column is cast to (SPEC §2), rendered per dialect by
 * {@link CastTarget}.
 *
 * @param typeName {@code TYPE_NAME}, as the driver spells it ({@code int4}, {@code NUMERIC}, {@code INT UNSIGNED})
 * @param dataType {@code DATA_TYPE}, a {@link Types} constant
 * @param size {@code COLUMN_SIZE}: precision of a number, length of a string (0 when the driver reports none)
 * @param digits {@code DECIMAL_DIGITS}: scale of a number, fractional seconds of a time; {@code null}
 *     when the driver reports none
 */
public record ColumnType(String typeName, int dataType, int size, Integer digits) {
  /** {@code CAST(… AS type)}, {@code type} a name with an optional precision and scale. */
  private static final Pattern OUTER_CAST = Pattern.compile(
      "(?is)CAST\\s*\\((.*)\\sAS\\s+([A-Za-z][A-Za-z0-9 ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*\\)");
  private static final Map<String, Integer> NUMBER_TYPES = Map.ofEntries(
      Map.entry("INT", Types.INTEGER), Map.entry("INTEGER", Types.INTEGER), Map.entry("INT4", Types.INTEGER),
      Map.entry("SIGNED", Types.BIGINT), Map.entry("SIGNED INTEGER", Types.BIGINT),
      Map.entry("BIGINT", Types.BIGINT), Map.entry("INT8", Types.BIGINT),
      Map.entry("SMALLINT", Types.SMALLINT), Map.entry("INT2", Types.SMALLINT), Map.entry("TINYINT", Types.TINYINT),
      Map.entry("DECIMAL", Types.DECIMAL), Map.entry("NUMERIC", Types.NUMERIC));

  public ColumnType {
    typeName = typeName == null ? "" : typeName;
  }

  /**
   * The type a transform's own outermost cast names ({@code CAST(ROUND({to} * 100) AS INT)} is an
   * {@code INT}), or {@code null} when the template is not one cast to a number type: what Tandem
   * takes for the declared type of a column metadata no longer knows (the old column, dropped during
   * contract while old versions still read and write it).
   */
  public static ColumnType castBy(String template) {
    String text = template.trim();
    Matcher m = OUTER_CAST.matcher(text);
    // One cast, not CAST(a AS INT) + CAST(b AS INT): its parenthesis closes at the end.
    if (!m.matches() || ReadReference.closingParen(text, text.indexOf('(')) != text.length() - 1) {
      return null;
    }
    String name = m.group(2).trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    Integer type = NUMBER_TYPES.get(name);
    if (type == null) {
      return null;
    }
    boolean decimal = type == Types.DECIMAL || type == Types.NUMERIC;
    if (decimal && m.group(3) == null) {
      return null; // an unconstrained or default precision differs by engine
    }
    int size = decimal ? Integer.parseInt(m.group(3)) : 0;
    Integer digits = decimal ? (m.group(4) == null ? 0 : Integer.parseInt(m.group(4))) : null;
    return new ColumnType(name, type, size, digits);
  }


  /** Whether values of this type are whole numbers ({@code TINYINT} to {@code BIGINT}). */
  public boolean isInteger() {
    return dataType == Types.TINYINT || dataType == Types.SMALLINT || dataType == Types.INTEGER
        || dataType == Types.BIGINT;
  }

  /** Whether the database says the type is unsigned (MariaDB's {@code INT UNSIGNED}). */
  boolean isUnsigned() {
    return typeName.toUpperCase(Locale.ROOT).contains("UNSIGNED");
  }

  /** The scale or fractional seconds, 0 when the driver reports none. */
  int digitsOrZero() {
    return digits == null ? 0 : digits;
  }
}
