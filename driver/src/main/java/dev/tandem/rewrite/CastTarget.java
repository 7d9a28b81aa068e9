package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.sql.Types;
import java.util.Locale;

/**
 * The type a {@code CAST} names for a column's declared type, per dialect: what gives a value Tandem
 * computes the Java type, precision and scale the column itself would give (SPEC §2).
 *
 * <ul>
 *   <li>Numbers, dates and times are cast: PostgreSQL {@code numeric(12,2)}, {@code integer},
 *       {@code timestamp(3)}; MariaDB's {@code CAST} accepts only some targets, {@code DECIMAL(12,2)},
 *       {@code SIGNED} (every integer type: MariaDB makes it an {@code INT} or a {@code BIGINT} by the
 *       value's width, see {@link #narrowsInResult}), {@code DATETIME(3)}; H2 the standard names.
 *   <li>Character and binary values are not cast: their Java type is the same whatever their length,
 *       and a {@code CAST} to the column's length would cut a longer value silently where writing
 *       it to the column fails.
 *   <li>Other types (booleans on MariaDB, arrays, JSON, user-defined types, an unconstrained
 *       {@code NUMERIC} outside PostgreSQL) have no target: the value is left as it is.
 * </ul>
 */
final class CastTarget {
  private CastTarget() {}

  /**
   * The SQL type to cast a computed value of {@code type} to on {@code dialect}, or {@code null} when
   * it is left as it is.
   */
  static String of(ColumnType type, Dialect dialect) {
    if (type == null) {
      return null;
    }
    return switch (dialect.family()) {
      case POSTGRESQL -> postgresql(type);
      case MARIADB -> mariadb(type);
      default -> h2(type);
    };
  }

  /**
   * {@code sql} cast to {@code type} on {@code dialect}, or {@code sql} itself when the type has no
   * target.
   */
  static String cast(String sql, ColumnType type, Dialect dialect) {
    String target = of(type, dialect);
    return target == null ? sql : "CAST(" + sql + " AS " + target + ")";
  }

  /**
   * Whether a value cast to {@code type} may still reach the application as a wider Java type than
   * the column gives: MariaDB's {@code CAST(… AS SIGNED)} is a {@code BIGINT} (a {@code Long})
   * unless the value is narrow, where an {@code INT} column gives an {@code Integer}.
   */
  static boolean narrowsInResult(ColumnType type, Dialect dialect) {
    return type != null && dialect.family() == Dialect.MARIADB && type.isInteger() && type.dataType() != Types.BIGINT
        && !type.isUnsigned();
  }

  /**
   * Whether a bound value ({@code ?}) substituted into a transform must be cast to the type of the
   * column it is written to: the database otherwise types it from the transform around it (H2 types
   * the {@code ?} of {@code ? * 100} as an {@code INT}; PostgreSQL an untyped string alike). MariaDB
   * types a parameter by the value bound, never by the SQL around it.
   */
  static boolean typesBoundValues(Dialect dialect) {
    return dialect.family() != Dialect.MARIADB;
  }

  private static String postgresql(ColumnType type) {
    String name = type.typeName().toLowerCase(Locale.ROOT);
    return switch (type.dataType()) {
      case Types.TINYINT, Types.SMALLINT -> "smallint";
      case Types.INTEGER -> "integer";
      case Types.BIGINT -> "bigint";
      case Types.REAL -> "real";
      case Types.FLOAT, Types.DOUBLE -> "double precision";
      case Types.NUMERIC, Types.DECIMAL -> bounded(type) ? "numeric(" + type.size() + "," + type.digitsOrZero() + ")"
          : "numeric";
      case Types.DATE -> "date";
      case Types.TIME -> name.equals("timetz") ? "timetz" : "time(" + type.digitsOrZero() + ")";
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE ->
          (name.equals("timestamptz") ? "timestamptz(" : "timestamp(") + type.digitsOrZero() + ")";
      case Types.BIT, Types.BOOLEAN -> name.equals("bool") || name.equals("boolean") ? "boolean" : null;
      default -> null;
    };
  }

  private static String mariadb(ColumnType type) {
    return switch (type.dataType()) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> type.isUnsigned() ? "UNSIGNED" : "SIGNED";
      case Types.REAL -> "FLOAT";
      case Types.FLOAT, Types.DOUBLE -> "DOUBLE";
      case Types.NUMERIC, Types.DECIMAL -> bounded(type) ? "DECIMAL(" + type.size() + "," + type.digitsOrZero() + ")"
          : null;
      case Types.DATE -> "DATE";
      // MariaDB reports no DECIMAL_DIGITS for times: the fraction is what the width has beyond
      // HH:MM:SS (10 wide with the sign and three hour digits) and YYYY-MM-DD HH:MM:SS (19), and its dot.
      case Types.TIME -> "TIME(" + fraction(type.size(), 10) + ")";
      case Types.TIMESTAMP -> "DATETIME(" + fraction(type.size(), 19) + ")";
      default -> null;
    };
  }

  private static String h2(ColumnType type) {
    return switch (type.dataType()) {
      case Types.TINYINT -> "TINYINT";
      case Types.SMALLINT -> "SMALLINT";
      case Types.INTEGER -> "INTEGER";
      case Types.BIGINT -> "BIGINT";
      case Types.REAL -> "REAL";
      case Types.FLOAT, Types.DOUBLE -> "DOUBLE PRECISION";
      // H2's DECFLOAT is reported as NUMERIC too; it has no scale to cast to.
      case Types.NUMERIC, Types.DECIMAL -> bounded(type) && !type.typeName().equalsIgnoreCase("DECFLOAT")
          ? "NUMERIC(" + type.size() + "," + type.digitsOrZero() + ")" : null;
      case Types.DATE -> "DATE";
      case Types.TIME -> "TIME(" + type.digitsOrZero() + ")";
      case Types.TIMESTAMP -> "TIMESTAMP(" + type.digitsOrZero() + ")";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP(" + type.digitsOrZero() + ") WITH TIME ZONE";
      case Types.BOOLEAN -> "BOOLEAN";
      default -> null;
    };
  }

  /**
   * Whether a number's precision is one the column declared: an unconstrained {@code NUMERIC}
   * reports 0 (PostgreSQL), 100000 (H2) or 2^31-1, and casting to that with scale 0 would round.
   */
  private static boolean bounded(ColumnType type) {
    return type.size() > 0 && type.size() <= 1000;
  }

  private static int fraction(int size, int whole) {
    return size > whole + 1 ? Math.min(6, size - whole - 1) : 0;
  }
}
