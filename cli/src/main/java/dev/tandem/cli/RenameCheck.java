package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Phase;
import dev.tandem.rules.TableInfo;
import dev.tandem.rules.TableName;
import dev.tandem.rules.TableRename;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How one table rename fits the database (docs/behaviour.md §11): exactly one of its two names is a
 * table, or the old name is a view left over the new table. In {@code expand} either name may be the
 * table (the rename migration may run at any time); in {@code contract} it must have run.
 */
final class RenameCheck {
  /** What each name is in the database. */
  enum Kind {
    TABLE, VIEW, MISSING;

    String describe() {
      return this == MISSING ? "missing" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** @param problems why the rename does not fit, one sentence each; empty when it does */
  record Report(TableRename rename, Kind oldName, Kind newName, List<String> problems) {
    boolean fits() {
      return problems.isEmpty();
    }
  }

  private RenameCheck() {}

  static Report check(Connection connection, Dialect dialect, TableRename rename) throws SQLException {
    Kind before = kind(connection, dialect, rename.table());
    Kind after = kind(connection, dialect, rename.renameTo());
    List<String> problems = new ArrayList<>();
    String migration = "ALTER TABLE " + rename.table() + " RENAME TO " + rename.renameTo().table();
    if (before == Kind.TABLE && after != Kind.MISSING) {
      problems.add(rename.table() + " and " + rename.renameTo() + " both exist and " + rename.table() + " is a table:"
          + " a rename keeps one table (" + migration + "), never a copy kept in step; drop the copy");
    } else if (after == Kind.VIEW) {
      problems.add(rename.renameTo() + " is a view; the new name must be the table itself");
    } else if (before != Kind.TABLE && after == Kind.MISSING) {
      problems.add("neither " + rename.table() + " nor " + rename.renameTo() + " is a table");
    } else if (rename.phase() == Phase.CONTRACT && before == Kind.TABLE) {
      problems.add("the rule says contract but the rename migration has not run: run " + migration + " first");
    }
    return new Report(rename, before, after, problems);
  }

  private static Kind kind(Connection connection, Dialect dialect, TableName name) throws SQLException {
    if (!TableInfo.readColumns(connection, dialect, name).exists()) {
      return Kind.MISSING;
    }
    return TableInfo.isView(connection, dialect, name) ? Kind.VIEW : Kind.TABLE;
  }

  /** The compatibility view under the old name, for writers and readers that bypass Tandem. */
  static String view(TableRename rename) {
    return "CREATE VIEW " + rename.table() + " AS SELECT * FROM " + rename.renameTo();
  }
}
