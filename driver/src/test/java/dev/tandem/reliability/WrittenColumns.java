package dev.tandem.reliability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * The columns of one table that a parsed statement writes: the column list of an INSERT (or upsert,
 * or MERGE's insert), and the targets of its SET clauses (UPDATE, {@code ON CONFLICT … DO UPDATE},
 * {@code ON DUPLICATE KEY UPDATE}, {@code INSERT … SET}, MERGE's update). Names come back
 * unquoted and lower-case. An INSERT without a column list writes every column, reported as
 * {@link #ALL}. Independent of the rewriter, so that it can judge the rewriter's output.
 */
final class WrittenColumns {
  static final String ALL = "*";
  private static final Set<String> NOT_ALIASES = Set.of("set", "where", "join", "left", "inner", "on", "values",
      "using", "select", "default", "order", "limit", "as", "returning", "partition", "force", "use");

  private WrittenColumns() {}

  /** The columns of {@code table} (unqualified name, any case) that {@code statement} writes. */
  static Set<String> of(Statement statement, String sql, String table) {
    Set<String> names = names(table, sql);
    List<Column> columns = new ArrayList<>();
    List<UpdateSet> sets = new ArrayList<>();
    boolean intoTable = false;
    if (statement instanceof Insert insert) {
      intoTable = names.contains(unquote(insert.getTable().getName()));
      if (intoTable && insert.getColumns() == null && insert.getSetUpdateSets() == null) {
        return Set.of(ALL);
      }
      addAll(columns, insert.getColumns());
      addAll(sets, insert.getSetUpdateSets());
      addAll(sets, insert.getDuplicateUpdateSets());
      if (insert.getConflictAction() != null) {
        addAll(sets, insert.getConflictAction().getUpdateSets());
      }
    } else if (statement instanceof Upsert upsert) {
      intoTable = names.contains(unquote(upsert.getTable().getName()));
      addAll(columns, upsert.getColumns());
      addAll(sets, upsert.getUpdateSets());
      addAll(sets, upsert.getDuplicateUpdateSets());
    } else if (statement instanceof Update update) {
      intoTable = true;
      addAll(sets, update.getUpdateSets());
    } else if (statement instanceof Merge merge) {
      intoTable = names.contains(unquote(merge.getTable().getName()));
      for (MergeOperation operation : merge.getOperations()) {
        if (operation instanceof net.sf.jsqlparser.statement.merge.MergeUpdate u) {
          addAll(sets, u.getUpdateSets());
        } else if (operation instanceof net.sf.jsqlparser.statement.merge.MergeInsert i) {
          addAll(columns, i.getColumns());
        }
      }
    }
    Set<String> written = new HashSet<>();
    if (!intoTable) {
      return written;
    }
    sets.forEach(set -> addAll(columns, set.getColumns()));
    for (Column column : columns) {
      Table qualifier = column.getTable();
      if (qualifier == null || qualifier.getName() == null || names.contains(unquote(qualifier.getName()))) {
        written.add(unquote(column.getColumnName()));
      }
    }
    return written;
  }

  /** The table's name and the aliases the statement gives it, by a plain text search. */
  private static Set<String> names(String table, String sql) {
    Set<String> names = new HashSet<>();
    names.add(table.toLowerCase(Locale.ROOT));
    Matcher alias = Pattern.compile("(?i)[\"`]?\\b" + table + "\\b[\"`]?\\s+(?:as\\s+)?[\"`]?(\\w+)").matcher(sql);
    while (alias.find()) {
      String name = alias.group(1).toLowerCase(Locale.ROOT);
      if (!NOT_ALIASES.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  static String unquote(String name) {
    return name.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
  }

  private static <T> void addAll(List<T> into, List<? extends T> items) {
    if (items != null) {
      into.addAll(items);
    }
  }
}
