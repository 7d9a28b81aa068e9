package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The views of one database and what they read (issue 13: writes through an updatable view of a
 * moved table pass the view's name, not the table's). The JDBC layer reads them from the
 * catalogue once per connection and schema generation ({@link #read()}); from them and the rules
 * in force the rewriter learns which view names matter, so a statement naming no moved table and
 * no view over one still passes through unparsed.
 *
 * <p>A view created after the catalogue was read (by a migration tool on a vendor connection, or by
 * another application) would not be seen: {@link #admit} therefore looks every name a statement uses
 * that this catalogue has not looked up yet in the database, and reads the catalogue again when one
 * of them is a view it does not know. Names looked up are trusted until the catalogue is
 * {@linkplain #invalidate() invalidated}.
 *
 * <p>Thread-safe: what it read, and what that means under the last rule set asked about, are
 * replaced atomically.
 */
public abstract class ViewCatalogue {
  private static final System.Logger LOG = System.getLogger(ViewCatalogue.class.getName());

  /** Knows no view: nothing is read through one. */
  public static final ViewCatalogue NONE = of(List.of());

  private record Known(RuleSet rules, Dialect dialect, ViewsOverMoves views) {}

  private volatile List<ViewDefinition> definitions;
  private volatile Known known;
  /** The names looked up since the last {@link #invalidate()} that are no view unknown to {@link #definitions}. */
  private volatile CheckedNames checked = CheckedNames.NONE;
  private volatile long changes;
  /** How long what was read and looked up is trusted before the catalogue is read again; 0: until invalidated. */
  private volatile long recheckMillis;
  /** When what this catalogue trusts was last confirmed against the database, by {@link CoarseClock}. */
  private volatile long confirmedAt = CoarseClock.millis();

  /** A catalogue of the given views (operator tools and tests). */
  public static ViewCatalogue of(List<ViewDefinition> views) {
    List<ViewDefinition> copy = List.copyOf(views);
    return new ViewCatalogue() {
      @Override
      protected List<ViewDefinition> read() {
        return copy;
      }
    };
  }

  /** Every view the connection can see, read from the database's catalogue. */
  protected abstract List<ViewDefinition> read() throws SQLException;

  /**
   * Which of {@code lowerCaseNames} name a view (or materialized view) in any schema the connection
   * can see, compared without case; only a catalogue that {@link #looksUpNames() looks names up} is asked.
   */
  protected Set<String> viewsAmong(Collection<String> lowerCaseNames) throws SQLException {
    return Set.of();
  }

  /** Whether {@link #admit} looks names up ({@link #viewsAmong}); a fixed list of views does not. */
  protected boolean looksUpNames() {
    return false;
  }

  /**
   * Has {@link #recheckIfDue()} read the catalogue again once {@code interval} has passed since what was
   * trusted was confirmed; zero (the default) trusts it until {@link #invalidate()}.
   */
  public void recheckEvery(java.time.Duration interval) {
    recheckMillis = interval.toMillis();
  }

  /**
   * Reads the catalogue again when the recheck interval has passed, and forgets what was trusted
   * (which names were looked up, and with it the plans made from it) when the views changed: a table
   * dropped and a view over a moved table created under its name, or {@code CREATE OR REPLACE VIEW}
   * of a known view, by a connection that bypasses Tandem, is seen within the interval. A name looked
   * up as no view is trusted only while the views stay as they were. Costs one volatile load between
   * rechecks; a read that fails trusts what it trusted and is tried again after another interval.
   *
   * @return whether the catalogue was forgotten
   */
  public boolean recheckIfDue() {
    long every = recheckMillis;
    if (every <= 0) {
      return false;
    }
    long now = CoarseClock.millis();
    if (now - confirmedAt < every) {
      return false;
    }
    confirmedAt = now;
    List<ViewDefinition> read = definitions;
    if (!looksUpNames() || (read == null && checked.size() == 0)) {
      return false; // nothing is trusted yet
    }
    List<ViewDefinition> fresh;
    try {
      fresh = read();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "cannot read the database's views again (tried again in {0} ms): {1}", every,
          e.getMessage());
      return false;
    }
    if (read != null && sameViews(read, fresh)) {
      return false;
    }
    invalidate();
    definitions = fresh;
    return true;
  }

  /** Whether {@code a} and {@code b} hold the same views reading the same things, in whatever order. */
  private static boolean sameViews(List<ViewDefinition> a, List<ViewDefinition> b) {
    return a.size() == b.size() && normalized(a).equals(normalized(b));
  }

  private static Set<List<Object>> normalized(List<ViewDefinition> views) {
    Set<List<Object>> out = new java.util.HashSet<>();
    for (ViewDefinition v : views) {
      out.add(List.of(v.schema() == null ? "" : v.schema(), v.name(), Set.copyOf(v.reads()), v.columns()));
    }
    return out;
  }

  /** Forgets what was read (the schema may have changed), and which names were looked up. */
  public void invalidate() {
    definitions = null;
    known = null;
    checked = CheckedNames.NONE;
    changes++;
  }

  /** Changes whenever this catalogue forgets what it read: what was decided from it holds while it is the same. */
  public long changes() {
    return changes;
  }

  /**
   * Looks the names of {@code sql} that were not looked up yet in the database, and forgets what was
   * read when one is a view this catalogue does not know (created since it was read), so that the
   * statement is judged by the views as they are now. Allocates nothing when every name was looked up
   * before. A lookup that fails (an aborted transaction, where the statement fails anyway) trusts
   * nothing and changes nothing.
   *
   * @return whether the catalogue was forgotten
   */
  public boolean admit(String sql, Dialect dialect) {
    if (!looksUpNames()) {
      return false;
    }
    CheckedNames before = checked;
    if (before.allChecked(sql)) {
      return false;
    }
    Set<String> names = namesIn(sql, dialect);
    names.removeIf(before::contains);
    if (names.isEmpty()) {
      return false;
    }
    Set<String> views;
    try {
      views = viewsAmong(names);
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "cannot look names up in the database's views (asked again at the next statement): {0}",
          e.getMessage());
      return false;
    }
    List<ViewDefinition> read = definitions;
    boolean forget = false;
    for (String view : views) {
      // A view is trusted once the catalogue has read it; until then its statements look it up again.
      if (read == null || read.stream().noneMatch(d -> d.name().name().toLowerCase(Locale.ROOT).equals(view))) {
        names.remove(view);
        forget |= read != null;
      }
    }
    if (forget) {
      invalidate();
    }
    checked = (forget ? CheckedNames.NONE : before).plus(names);
    return forget;
  }

  /**
   * The names {@code sql} uses as the dialect lexes it, lower-case: its words and quoted names (decoded),
   * with every part {@link CheckedNames#allChecked} looks for in them, so that a statement whose names
   * were all looked up is not lexed again. Words inside strings and comments are not names: a statement
   * with one is lexed at each planning, but they are never sent to the database.
   */
  private static Set<String> namesIn(String sql, Dialect dialect) {
    Set<String> names = new LinkedHashSet<>();
    for (SqlLexer.Token t : SqlLexer.of(dialect).tokens(sql)) {
      if (t.kind() == SqlLexer.Kind.WORD || t.kind() == SqlLexer.Kind.QUOTED_NAME) {
        CheckedNames.words(t.text(sql), names);
      }
      if (t.kind() == SqlLexer.Kind.QUOTED_NAME && t.name() != null) {
        names.add(t.name().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /**
   * The views over the moved tables of {@code rules}, or {@link ViewsOverMoves#NONE} while the
   * catalogue cannot be read (it is asked again next time; statements are then judged by the
   * moved tables' names alone, as without views).
   */
  ViewsOverMoves over(CompiledRules rules) {
    Known k = known;
    if (k != null && k.rules() == rules.rules() && k.dialect() == rules.variant()) {
      return k.views();
    }
    List<ViewDefinition> views = definitions;
    if (views == null) {
      try {
        views = read();
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "cannot read the database's views (asked again at the next statement): {0}",
            e.getMessage());
        return ViewsOverMoves.NONE;
      }
      definitions = views;
    }
    ViewsOverMoves over = ViewsOverMoves.of(views, rules);
    if (definitions == views) { // not invalidated meanwhile
      known = new Known(rules.rules(), rules.variant(), over);
    }
    return over;
  }
}
