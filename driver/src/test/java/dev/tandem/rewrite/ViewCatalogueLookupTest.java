package dev.tandem.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.RuleSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How a connection's view catalogue learns of views created outside Tandem after it was read
 * ({@link ViewCatalogue#admit}): which names of a statement are looked up in the database, when the
 * catalogue is read again, and that a statement whose names were all looked up costs no lookup.
 */
class ViewCatalogueLookupTest {
  /** A database whose views are {@link #views}; every lookup is recorded. */
  private static final class Database extends ViewCatalogue {
    final List<ViewDefinition> views = new ArrayList<>();
    final List<Set<String>> lookups = new ArrayList<>();
    boolean failing;
    int reads;

    @Override
    protected List<ViewDefinition> read() {
      reads++;
      return List.copyOf(views);
    }

    @Override
    protected boolean looksUpNames() {
      return true;
    }

    @Override
    protected Set<String> viewsAmong(Collection<String> names) throws SQLException {
      if (failing) {
        throw new SQLException("current transaction is aborted", "25P02");
      }
      lookups.add(new TreeSet<>(names));
      Set<String> found = new TreeSet<>();
      views.forEach(v -> {
        if (names.contains(v.name().name().toLowerCase())) {
          found.add(v.name().name().toLowerCase());
        }
      });
      return found;
    }

    void create(String name) {
      views.add(new ViewDefinition(Identifier.of("app", true), Identifier.of(name, true),
          List.of(new ViewDefinition.Relation(Identifier.of("app", true), Identifier.of("customer", true))),
          Set.of(Identifier.of("email", true))));
    }

    /** What the rewriter asks before judging a statement: the views over the moves. */
    ViewsOverMoves catalogue() {
      return over(new CompiledRules(TestRules.parse("email"), Dialect.POSTGRESQL));
    }
  }

  private final Database db = new Database();

  @Test
  void theNamesOfAStatement_areLookedUpOnce_andWordsInStringsAndCommentsNever() {
    String sql = "UPDATE message SET body = 'secret words' WHERE \"Id\" = 1 -- a comment";
    assertThat(db.admit(sql, Dialect.POSTGRESQL)).isFalse();
    assertThat(db.lookups).containsExactly(new TreeSet<>(List.of("update", "message", "set", "body", "where", "id")));
    db.admit(sql, Dialect.POSTGRESQL);
    db.admit("update MESSAGE set BODY = ? where id = ?", Dialect.POSTGRESQL);
    assertThat(db.lookups).hasSize(1);
    db.admit("DELETE FROM message WHERE id = 2", Dialect.POSTGRESQL);
    assertThat(db.lookups).hasSize(2);
    assertThat(db.lookups.get(1)).containsExactly("delete", "from");
  }

  @Test
  void aViewCreatedAfterTheCatalogueWasRead_makesItReadAgain() {
    db.create("customer_view");
    assertThat(db.catalogue().firstNamed("UPDATE customer_raw SET email = 1")).isNull();
    assertThat(db.reads).isEqualTo(1);
    assertThat(db.admit("UPDATE customer_view SET email = 1", Dialect.POSTGRESQL)).isFalse(); // known already
    db.create("customer_raw");
    long changes = db.changes();
    assertThat(db.admit("UPDATE customer_raw SET email = 1", Dialect.POSTGRESQL)).isTrue();
    assertThat(db.changes()).isGreaterThan(changes);
    assertThat(db.catalogue().firstNamed("UPDATE customer_raw SET email = 1")).isEqualTo(TestRules.EMAIL);
    assertThat(db.reads).isEqualTo(2);
    // Read now: its name is trusted from here on.
    int lookups = db.lookups.size();
    db.admit("UPDATE customer_raw SET email = 1", Dialect.POSTGRESQL);
    db.admit("UPDATE customer_raw SET email = 1", Dialect.POSTGRESQL);
    assertThat(db.lookups.size()).isEqualTo(lookups + 1);
  }

  @Test
  void aNameOnlyPartOfAnotherWord_orQuoted_orAfterAVersionNumber_isLookedUpToo() {
    db.admit("SELECT id FROM customer_rawish", Dialect.POSTGRESQL);
    db.catalogue();
    db.create("customer_raw");
    assertThat(db.admit("SELECT \"customer_raw\".id FROM \"customer_raw\"", Dialect.POSTGRESQL)).isTrue();
    db.catalogue();
    db.create("hidden");
    assertThat(db.admit("SELECT 1 /*!50100hidden*/", Dialect.MARIADB)).isTrue();
  }

  /**
   * A name looked up as no view, and views already read, are trusted only for the recheck interval:
   * then the views are read again, and what was trusted is forgotten only when they changed (here a
   * view now has the name looked up before as no view, as after {@code DROP TABLE; CREATE VIEW}).
   */
  @Test
  void aRecheck_readsTheViewsAgain_andForgetsWhatWasTrustedOnlyWhenTheyChanged() throws Exception {
    db.recheckEvery(java.time.Duration.ofMillis(250));
    String update = "UPDATE customer_raw SET email = 1";
    db.admit(update, Dialect.POSTGRESQL);
    assertThat(db.catalogue().firstNamed(update)).isNull();
    long changes = db.changes();
    Thread.sleep(400);
    assertThat(db.recheckIfDue()).isFalse();
    assertThat(db.reads).isEqualTo(2);
    assertThat(db.changes()).isEqualTo(changes);
    assertThat(db.recheckIfDue()).as("confirmed just now").isFalse();
    assertThat(db.reads).isEqualTo(2);

    db.create("customer_raw");
    assertThat(db.admit(update, Dialect.POSTGRESQL)).as("trusted until the next recheck").isFalse();
    Thread.sleep(400);
    assertThat(db.recheckIfDue()).isTrue();
    assertThat(db.changes()).isGreaterThan(changes);
    assertThat(db.catalogue().firstNamed(update)).isEqualTo(TestRules.EMAIL);
    assertThat(db.reads).as("what the recheck read serves").isEqualTo(3);
  }

  @Test
  void withoutARecheckInterval_whatWasReadIsTrustedUntilInvalidated() throws Exception {
    db.admit("UPDATE customer_raw SET email = 1", Dialect.POSTGRESQL);
    db.catalogue();
    Thread.sleep(2 * CoarseClock.TICK_MILLIS + 50);
    assertThat(db.recheckIfDue()).isFalse();
    assertThat(db.reads).isEqualTo(1);
  }

  @Test
  void aLookupThatFails_trustsNothing() {
    db.failing = true;
    assertThat(db.admit("UPDATE customer_raw SET email = 1", Dialect.POSTGRESQL)).isFalse();
    db.failing = false;
    db.admit("UPDATE customer_raw SET email = 1", Dialect.POSTGRESQL);
    assertThat(db.lookups).hasSize(1);
  }

  @Test
  void invalidating_forgetsWhichNamesWereLookedUp() {
    db.admit("SELECT id FROM customer", Dialect.POSTGRESQL);
    db.invalidate();
    db.admit("SELECT id FROM customer", Dialect.POSTGRESQL);
    assertThat(db.lookups).hasSize(2);
  }

  @Test
  void aStatementWhoseNamesWereAllLookedUp_needsNoLexing_andOneNameMissingDoes() {
    for (String sql : List.of("select \"public\".\"customer\".\"id\", `a`.`b` from \"public\".\"customer\"",
        "SELECT x1y, \"a\"\"b\" FROM t$1 /*!50100hidden*/")) {
      Set<String> words = new java.util.LinkedHashSet<>();
      CheckedNames.words(sql, words);
      assertThat(CheckedNames.NONE.plus(words).allChecked(sql)).as(sql).isTrue();
      for (String left : words) {
        List<String> others = words.stream().filter(w -> !w.equals(left)).toList();
        assertThat(CheckedNames.NONE.plus(others).allChecked(sql)).as(sql + " without " + left).isFalse();
      }
    }
  }

  @Test
  void manyNamesAddedAFewAtATime_areAllKept() {
    CheckedNames names = CheckedNames.NONE;
    for (int i = 0; i < 2000; i++) {
      names = names.plus(List.of("name" + i, "other" + i));
      assertThat(names.size()).isEqualTo(2 * (i + 1));
    }
    for (int i = 0; i < 2000; i++) {
      assertThat(names.contains("NAME" + i)).isTrue();
    }
    assertThat(names.contains("name2000")).isFalse();
  }

  @Test
  void aFixedListOfViews_looksNothingUp() {
    ViewCatalogue fixed = ViewCatalogue.of(List.of());
    assertThat(fixed.admit("UPDATE anything SET x = 1", Dialect.POSTGRESQL)).isFalse();
  }
}
