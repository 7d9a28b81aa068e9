package dev.tandem.jdbc;

import dev.tandem.dialect.Dialect;
import dev.tandem.rewrite.ViewCatalogue;
import dev.tandem.rewrite.ViewDefinition;
import dev.tandem.rules.Identifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connection's views, read from the catalogue (one query, cached with the connection's table
 * metadata): PostgreSQL's dependencies of each view's rewrite rule ({@code pg_depend}, which lists
 * every table, view and column a view's query uses, whoever owns them; {@code information_schema}
 * shows only owned ones), MariaDB's and H2's {@code INFORMATION_SCHEMA.VIEWS.VIEW_DEFINITION}, whose
 * text qualifies every table (MariaDB 10.11 has no {@code VIEW_TABLE_USAGE}), lexed by
 * {@link ViewDefinition#fromText}.
 */
final class CatalogueViews extends ViewCatalogue {
  private static final String POSTGRESQL = "SELECT DISTINCT vn.nspname, v.relname, tn.nspname, t.relname, a.attname "
      + "FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class v ON v.oid = r.ev_class "
      + "JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace "
      + "JOIN pg_catalog.pg_depend d ON d.objid = r.oid AND d.classid = 'pg_catalog.pg_rewrite'::regclass "
      + "AND d.refclassid = 'pg_catalog.pg_class'::regclass "
      + "JOIN pg_catalog.pg_class t ON t.oid = d.refobjid AND t.oid <> v.oid "
      + "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace "
      + "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0 "
      + "WHERE v.relkind IN ('v', 'm') AND vn.nspname NOT IN ('pg_catalog', 'information_schema') "
      + "AND vn.nspname NOT LIKE 'pg\\_toast%'";
  private static final String MARIADB = "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
      + "WHERE TABLE_SCHEMA NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys')";
  private static final String H2 = "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS "
      + "WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'";

  /** Views by name, any schema, compared without case; the markers are filled with lower-case names. */
  private static final String POSTGRESQL_NAMED = "SELECT DISTINCT lower(relname) FROM pg_catalog.pg_class "
      + "WHERE relkind IN ('v', 'm') AND lower(relname) IN ";
  private static final String MARIADB_NAMED = "SELECT DISTINCT LOWER(TABLE_NAME) FROM information_schema.TABLES "
      + "WHERE TABLE_TYPE IN ('VIEW', 'SYSTEM VIEW') AND LOWER(TABLE_NAME) IN ";
  private static final String H2_NAMED = "SELECT DISTINCT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.VIEWS "
      + "WHERE LOWER(TABLE_NAME) IN ";
  /** Names per lookup: a statement with more is looked up in several. */
  private static final int NAMES_PER_LOOKUP = 500;

  private final Connection connection;
  private final Dialect dialect;

  CatalogueViews(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  @Override
  protected List<ViewDefinition> read() throws SQLException {
    return switch (dialect.family()) {
      case POSTGRESQL -> postgresql();
      case MARIADB -> fromText(MARIADB);
      case H2 -> fromText(H2);
      default -> List.of();
    };
  }

  @Override
  protected boolean looksUpNames() {
    return switch (dialect.family()) {
      case POSTGRESQL, MARIADB, H2 -> true;
      default -> false;
    };
  }

  @Override
  protected Set<String> viewsAmong(Collection<String> lowerCaseNames) throws SQLException {
    String query = switch (dialect.family()) {
      case POSTGRESQL -> POSTGRESQL_NAMED;
      case MARIADB -> MARIADB_NAMED;
      case H2 -> H2_NAMED;
      default -> null;
    };
    Set<String> views = new LinkedHashSet<>();
    List<String> names = List.copyOf(lowerCaseNames);
    for (int from = 0; query != null && from < names.size(); from += NAMES_PER_LOOKUP) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + NAMES_PER_LOOKUP));
      try (PreparedStatement s = connection.prepareStatement(query + markers(chunk.size()))) {
        for (int i = 0; i < chunk.size(); i++) {
          s.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          // Distinct names asked for: no more rows than names (a driver that says otherwise is not believed).
          for (int row = 0; row < chunk.size() && rs.next(); row++) {
            String name = rs.getString(1);
            if (chunk.contains(name)) {
              views.add(name);
            }
          }
        }
      }
    }
    return views;
  }

  private static String markers(int count) {
    StringBuilder sql = new StringBuilder("(");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    return sql.append(')').toString();
  }

  private List<ViewDefinition> fromText(String sql) throws SQLException {
    List<ViewDefinition> views = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        views.add(ViewDefinition.fromText(rs.getString(1), rs.getString(2), rs.getString(3), dialect));
      }
    }
    return views;
  }

  private List<ViewDefinition> postgresql() throws SQLException {
    record Uses(List<ViewDefinition.Relation> reads, Set<Identifier> columns) {}
    Map<List<String>, Uses> views = new LinkedHashMap<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(POSTGRESQL)) {
      while (rs.next()) {
        Uses uses = views.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)),
            k -> new Uses(new ArrayList<>(), new LinkedHashSet<>()));
        ViewDefinition.Relation read = new ViewDefinition.Relation(Identifier.of(rs.getString(3), true),
            Identifier.of(rs.getString(4), true));
        if (!uses.reads().contains(read)) {
          uses.reads().add(read);
        }
        // No column: the view depends on the whole row (SELECT c FROM customer c), so on every column.
        uses.columns().add(rs.getString(5) != null ? Identifier.of(rs.getString(5), true) : ViewDefinition.EVERY_COLUMN);
      }
    }
    List<ViewDefinition> out = new ArrayList<>();
    views.forEach((name, uses) -> out.add(new ViewDefinition(Identifier.of(name.get(0), true),
        Identifier.of(name.get(1), true), uses.reads(), uses.columns())));
    return out;
  }
}
