package dev.tandem.rewrite;

import dev.tandem.Dialect;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.parser.Token;

/**
 * Recognises values that may not give the same result twice in one statement (SPEC §5), so that
 * they are never written to two columns by repeating them.
 *
 * <p>Volatile everywhere: random numbers and UUIDs, sequences ({@code nextval}, {@code NEXT VALUE
 * FOR}, {@code last_insert_id}), wall clocks read at call time ({@code clock_timestamp},
 * {@code timeofday}, MariaDB's {@code sysdate}), functions with side effects ({@code sleep},
 * {@code get_lock}) and MariaDB's {@code :=} variable assignment.
 *
 * <p>The statement clock ({@code now()}, {@code current_timestamp}, {@code localtimestamp} and
 * friends) is fixed for the whole statement on PostgreSQL (transaction start), MariaDB (statement
 * start) and H2 (transaction or command start), so it is duplicated there. For {@link
 * Dialect#GENERIC} nothing is known about the database, so it counts as volatile.
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

  private VolatileFunctions() {}

  /**
   * The first volatile function in {@code element}'s tokens, as written, or {@code null} when it
   * gives the same value each time it is evaluated within one statement.
   */
  static String find(ParsedStatement parsed, Object element, Dialect dialect) throws ParsedStatement.Unlocatable {
    String[] found = new String[1];
    parsed.forEachToken(element, token -> {
      if (found[0] == null) {
        found[0] = check(token, dialect);
      }
    });
    return found[0];
  }

  private static String check(Token token, Dialect dialect) {
    String image = token.image;
    if (image == null || image.isEmpty()) {
      return null;
    }
    if (":=".equals(image)) {
      return "a variable assignment (:=)";
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
    if (dialect == Dialect.GENERIC && STATEMENT_CLOCK.contains(word)) {
      return called ? image + "()" : image;
    }
    return null;
  }
}
