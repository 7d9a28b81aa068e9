package dev.tandem.rewrite;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.RuleSet;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.List;

/**
 * The views of one database and what they read (issue 13: writes through an updatable view of a
 * moved table pass the view's name, not the table's). The JDBC layer reads them from the
 * catalogue once per connection and schema generation ({@link #read()}); from them and the rules
 * in force the rewriter learns which view names matter, so a statement naming no moved table and
 * no view over one still passes through unparsed.
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

  /** Forgets what was read (the schema may have changed). */
  public void invalidate() {
    definitions = null;
    known = null;
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
