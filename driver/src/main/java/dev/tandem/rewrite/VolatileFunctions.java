package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.Token;

/**
 * Recognises values that may not give the same result twice in one statement (SPEC §5), so that
 * they are never written to two columns by repeating them.
 *
 * <p>Volatile everywhere: random numbers and UUIDs, sequences ({@code nextval}, {@code NEXT VALUE
 * FOR}, {@code last_insert_id}), wall clocks read at call time ({@code clock_timestamp},
 * {@code timeofday}, MariaDB's {@code sysdate}), functions with side effects ({@code sleep},
 * {@code get_lock}), MariaDB's {@code :=} variable assignment and {@code TABLESAMPLE}.
 *
 * <p>The statement clock ({@code now()}, {@code current_timestamp}, {@code localtimestamp} and
 * friends) is fixed for the whole statement on PostgreSQL (transaction start), MariaDB (statement
 * start) and H2 (transaction or command start), so it is duplicated there. For {@link
 * Dialect#GENERIC} nothing is known about the database, so it counts as volatile.
 *
 * <p>Any other function Tandem does not know as a deterministic built-in ({@code upper},
 * {@code round}, …) is looked up in the database's catalogue ({@link FunctionCatalogue}) and the
 * value is refused unless the catalogue declares it immutable or stable: a user-defined
 * {@code VOLATILE} or unknown function copied into both columns would make them differ.
 *
 * <p>The test looks at the parser's tokens, so it sees into subqueries and never into strings.
 */
final class VolatileFunctions {
  private static final Set<String> ALWAYS = Set.of(
      "random", "rand", "random_uuid", "uuid", "uuid_short", "gen_random_uuid", "uuid_generate_v1",
      "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "random_normal", "secure_rand",
      "random_bytes", "nextval", "setval", "currval", "lastval", "last_insert_id", "sys_guid", "newid",
      "newsequentialid", "clock_timestamp", "timeofday", "sysdate", "sleep", "pg_sleep", "get_lock",
      "release_lock", "dbms_random");
  private static final Set<String> STATEMENT_CLOCK = Set.of(
      "now", "current_timestamp", "current_time", "current_date", "localtime", "localtimestamp",
      "statement_timestamp", "transaction_timestamp", "utc_timestamp", "utc_time", "utc_date",
      "unix_timestamp", "curtime", "curdate", "getdate", "systimestamp");
  /** Built-ins of the three engines that give the same result for the same arguments. */
  private static final Set<String> DETERMINISTIC = Set.of(
      "coalesce", "nullif", "greatest", "least", "ifnull", "nvl", "isnull", "if", "iif", "decode", "cast", "convert",
      "upper", "lower", "ucase", "lcase", "initcap", "concat", "concat_ws", "length", "char_length",
      "character_length", "octet_length", "bit_length", "trim", "ltrim", "rtrim", "btrim", "lpad", "rpad",
      "substring", "substr", "mid", "left", "right", "replace", "translate", "reverse", "repeat", "space",
      "position", "strpos", "locate", "instr", "split_part", "regexp_replace", "regexp_substr", "format", "md5",
      "sha1", "sha2", "crc32", "hex", "unhex", "ascii", "chr", "char", "to_hex", "encode", "decode_base64",
      "abs", "ceil", "ceiling", "floor", "round", "trunc", "truncate", "mod", "power", "pow", "sqrt", "exp", "ln",
      "log", "log10", "sign", "div", "to_char", "to_date", "to_number", "to_timestamp", "date_trunc",
      "date_part", "extract", "date_format", "str_to_date", "date", "time", "timestamp", "year", "month", "day",
      "hour", "minute", "second", "dayofweek", "dayofmonth", "dayofyear", "week", "quarter", "date_add",
      "date_sub", "adddate", "subdate", "datediff", "timestampdiff", "timestampadd", "dateadd", "age",
      "make_date", "make_timestamp", "json_build_object", "jsonb_build_object", "json_build_array",
      "jsonb_build_array", "to_json", "to_jsonb", "row_to_json", "json_object", "json_array", "json_extract",
      "json_value", "json_unquote", "jsonb_set", "array", "row", "values", "count", "sum", "min", "max", "avg",
      "array_agg", "string_agg", "group_concat", "listagg", "bool_and", "bool_or", "every", "array_length",
      "cardinality", "unnest", "exists");

  private static final int IDENTIFIER = CCJSqlParserConstants.S_IDENTIFIER;
  private static final int QUOTED_IDENTIFIER = CCJSqlParserConstants.S_QUOTED_IDENTIFIER;
  private static final int TABLESAMPLE = CCJSqlParserConstants.K_TABLESAMPLE;

  private VolatileFunctions() {}

  /**
   * The first volatile function in {@code element}'s tokens, as written, or {@code null} when it
   * gives the same value each time it is evaluated within one statement.
   *
   * @param catalogue the database's word on functions Tandem does not know
   */
  static String find(ParsedStatement parsed, Object element, Dialect dialect, FunctionCatalogue catalogue)
      throws ParsedStatement.Unlocatable {
    String[] found = new String[1];
    Token[] previous = new Token[2];
    parsed.forEachToken(element, token -> {
      if (found[0] == null) {
        found[0] = check(token, previous[0], previous[1], dialect, catalogue);
      }
      previous[1] = previous[0];
      previous[0] = token;
    });
    return found[0];
  }

  private static String check(Token token, Token before, Token twoBefore, Dialect dialect,
      FunctionCatalogue catalogue) {
    String image = token.image;
    if (image == null || image.isEmpty()) {
      return null;
    }
    if (":=".equals(image)) {
      return "a variable assignment (:=)";
    }
    if (token.kind == TABLESAMPLE) {
      return "TABLESAMPLE, which samples different rows on each evaluation";
    }
    String word = image.toLowerCase(Locale.ROOT);
    Token next = token.next;
    if (word.startsWith("next") && word.endsWith("for") && word.contains("value")) {
      return "NEXT VALUE FOR"; // one token in JSqlParser
    }
    boolean called = next != null && "(".equals(next.image);
    if (called && ALWAYS.contains(word)) {
      return image + "()";
    }
    if (STATEMENT_CLOCK.contains(word)) {
      return dialect == Dialect.GENERIC ? (called ? image + "()" : image) : null;
    }
    if (!called || (token.kind != IDENTIFIER && token.kind != QUOTED_IDENTIFIER) || DETERMINISTIC.contains(word)
        || (before != null && "AS".equalsIgnoreCase(before.image))) {
      return null; // keywords (IN, EXISTS, CAST's types) are no calls; a type after AS neither
    }
    String schema = before != null && ".".equals(before.image) && twoBefore != null ? twoBefore.image : null;
    String name = (schema == null ? "" : schema + ".") + image + "()";
    FunctionCatalogue.Volatility volatility;
    try {
      volatility = catalogue.volatilityOf(schema, image);
    } catch (SQLException e) {
      return name + ", about which the database's catalogue could not be asked (" + e.getMessage() + ")";
    }
    if (volatility.repeatable()) {
      return null;
    }
    return volatility == FunctionCatalogue.Volatility.VOLATILE
        ? name + ", which the database's catalogue declares volatile (not deterministic)"
        : name + ", which Tandem does not know and the database's catalogue does not declare immutable";
  }
}
