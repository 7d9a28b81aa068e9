package dev.tandem.dialect;

import java.util.Locale;

/**
 * The SQL dialect of the database behind a Tandem connection: how it folds and quotes identifiers,
 * and which vendor syntax the rewriter may emit.
 *
 * <p>Detected from the vendor URL ({@link #fromUrl(String)}) and overridable with {@code tandem.dialect}.
 */
public enum Dialect {
  /** PostgreSQL: unquoted identifiers fold to lower case; quoted ones ({@code "Name"}) match exactly. */
  POSTGRESQL('"', '"'),
  /**
   * MariaDB and MySQL: column names are case-insensitive whether quoted or not. Table names follow the
   * server's {@code lower_case_table_names}; Tandem matches them case-insensitively, so two tables whose
   * names differ only in case must not both be named by rules.
   */
  MARIADB('`', '`'),
  /**
   * MariaDB or MySQL whose {@code sql_mode} has {@code ANSI_QUOTES}: {@code "…"} is a name, not a
   * string. Read from the server at connect; the same database as {@link #MARIADB} in every other
   * respect ({@link #family()}), but a statement's text means something else, so plans are kept apart.
   */
  MARIADB_ANSI_QUOTES('`', '`'),
  /** H2: unquoted identifiers fold to upper case; quoted ones match exactly. */
  H2('"', '"'),
  /** Anything else: SQL-standard behaviour (unquoted names fold to upper case). */
  GENERIC('"', '"');

  private final char openQuote;
  private final char closeQuote;

  Dialect(char openQuote, char closeQuote) {
    this.openQuote = openQuote;
    this.closeQuote = closeQuote;
  }

  /**
   * The database this dialect is a variant of: {@link #MARIADB} for {@link #MARIADB_ANSI_QUOTES},
   * itself otherwise. Everything but lexing depends on the family only.
   */
  public Dialect family() {
    return this == MARIADB_ANSI_QUOTES ? MARIADB : this;
  }

  /**
   * This dialect as a server with {@code sqlMode} (MariaDB/MySQL's {@code @@sql_mode}, a
   * comma-separated list) reads text; other dialects have no such mode and are returned as they are.
   */
  public Dialect withSqlMode(String sqlMode) {
    if (family() != MARIADB || sqlMode == null) {
      return this;
    }
    for (String mode : sqlMode.split(",")) {
      String m = mode.trim();
      if (m.equalsIgnoreCase("ANSI_QUOTES") || m.equalsIgnoreCase("ANSI")) {
        return MARIADB_ANSI_QUOTES;
      }
    }
    return MARIADB;
  }

  /**
   * How many parameter markers one statement may have on this database: the wire protocols of
   * PostgreSQL and MariaDB/MySQL (server-side prepares) count them in 16 bits.
   */
  public int maxParameters() {
    return this == POSTGRESQL || family() == MARIADB ? 65_535 : Integer.MAX_VALUE;
  }

  /** Detects the dialect from a vendor JDBC URL (without the {@code jdbc:tandem:} prefix). */
  public static Dialect fromUrl(String vendorUrl) {
    String url = vendorUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:pgsql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    return GENERIC;
  }

  /** Detects the dialect from {@link java.sql.DatabaseMetaData#getDatabaseProductName()}. */
  public static Dialect fromProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb") || name.contains("mysql")) {
      return MARIADB;
    }
    if (name.contains("h2")) {
      return H2;
    }
    return GENERIC;
  }

  /** Parses a dialect name as an operator writes it ({@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2}). */
  public static Dialect parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "postgresql":
      case "postgres":
      case "pg":
        return POSTGRESQL;
      case "mariadb":
      case "mysql":
        return MARIADB;
      case "h2":
        return H2;
      case "generic":
        return GENERIC;
      default:
        throw new IllegalArgumentException(
            "unknown dialect '" + name + "'; expected postgresql, mariadb, mysql, h2 or generic");
    }
  }

  /** Whether {@code text} is written in one of this dialect's identifier quotes. */
  public boolean isQuoted(String text) {
    int n = text.length();
    if (n < 2) {
      return false;
    }
    char first = text.charAt(0);
    char last = text.charAt(n - 1);
    return (first == '"' && last == '"') || (first == openQuote && last == closeQuote)
        || (first == '[' && last == ']' && this == GENERIC);
  }

  /**
   * The canonical form of an identifier as written in SQL: quotes removed, then folded the way this
   * database folds it. Two identifiers name the same object when their canonical forms are equal.
   */
  public String canonical(String asWritten) {
    if (isQuoted(asWritten)) {
      String inner = asWritten.substring(1, asWritten.length() - 1);
      char q = asWritten.charAt(0);
      inner = inner.replace(String.valueOf(q) + q, String.valueOf(q));
      return canonical(inner, true);
    }
    return canonical(asWritten, false);
  }

  /** The canonical form of a bare identifier name, given whether it was quoted. */
  public String canonical(String name, boolean quoted) {
    switch (family()) {
      case MARIADB:
        return name.toLowerCase(Locale.ROOT);
      case POSTGRESQL:
        return quoted ? name : name.toLowerCase(Locale.ROOT);
      default:
        return quoted ? name : name.toUpperCase(Locale.ROOT);
    }
  }

  /** Writes {@code name} as a quoted identifier of this dialect. */
  public String quote(String name) {
    String q = String.valueOf(closeQuote);
    return openQuote + name.replace(q, q + q) + closeQuote;
  }
}
