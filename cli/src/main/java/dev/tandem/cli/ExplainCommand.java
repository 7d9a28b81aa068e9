package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.jdbc.MetadataTableColumns;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.RewriteRefusedException;
import dev.tandem.rewrite.TableColumns;
import dev.tandem.rules.RuleFileLoader;
import dev.tandem.rules.RuleSet;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem explain}: what Tandem would send for one statement under a rule file — the
 * rewritten SQL, the parameter map and the moves applied — or why it would refuse it. The same
 * rewriter the driver runs, with no database unless {@code --url} is given for table metadata.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what Tandem sends to the database for one statement under a rule file: the rewritten SQL, how"
          + " the application's parameter indexes map onto it, and the moves applied; or the reason it would be"
          + " refused (SQLState 0A000). Runs the driver's own rewriter; needs no database, except with --url,"
          + " which reads table metadata for INSERT without a column list and SELECT *.",
      "Exit code 0 when the statement would be sent (rewritten or not), 1 when it would be refused."
    },
    footer = {"", "Example:", "  tandem explain --rules rules.yaml --dialect postgresql \\",
        "      \"UPDATE conversation SET last_message_id = ? WHERE id = ?\""})
public final class ExplainCommand extends TandemCommand {
  @Mixin
  RulesOption rules;

  @Option(names = "--dialect", paramLabel = "DIALECT",
      description = "postgresql, mariadb, mysql or h2. Required unless --url is given (then detected).")
  String dialectName;

  @Option(names = "--url", paramLabel = "JDBC_URL",
      description = "Optional: a database to read table metadata from (vendor URL; jdbc:tandem: is unwrapped).")
  String url;

  @Option(names = "--schema", paramLabel = "SCHEMA", split = ",",
      description = "Optional: the connection's current schema (a comma-separated search path on PostgreSQL), "
          + "where unqualified tables resolve for moves on schema-qualified tables. Default: read from --url; "
          + "without --url such statements are refused, as the driver refuses them when it cannot tell.")
  java.util.List<String> schemas;

  @Parameters(index = "0", paramLabel = "SQL", description = "The statement, as the application sends it.")
  String sql;

  @Override
  protected int execute() throws Exception {
    // A file with no moves is a valid rule file (the state before and after a migration): explain
    // then shows that every statement is sent as written, which is what the driver does.
    RuleSet ruleSet = RuleFileLoader.load(rules.location);
    if (url == null) {
      if (dialectName == null) {
        throw CommandFailure.usage("give --dialect, or --url to detect it");
      }
      return explain(ruleSet, dialect(), onSchemas(TableColumns.NONE, dialect()));
    }
    try (DatabaseOption.Database db = DatabaseOption.connect(url)) {
      Dialect dialect = dialectName == null ? db.dialect() : dialect();
      return explain(ruleSet, dialect, onSchemas(new MetadataTableColumns(db.connection(), dialect), dialect));
    }
  }

  /** {@code columns} on the {@code --schema} path when one is given, names folded as the database folds them. */
  private TableColumns onSchemas(TableColumns columns, Dialect dialect) {
    if (schemas == null) {
      return columns;
    }
    java.util.List<String> path = new java.util.ArrayList<>();
    schemas.forEach(s -> path.add(dialect.canonical(s.trim())));
    return TableColumns.onPath(columns, dev.tandem.rewrite.SearchPath.of(path));
  }

  private Dialect dialect() {
    try {
      return Dialect.parse(dialectName);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage(e.getMessage());
    }
  }

  private int explain(RuleSet ruleSet, Dialect dialect, TableColumns columns) throws SQLException {
    PrintWriter out = out();
    out.println("dialect:    " + dialect.name().toLowerCase(java.util.Locale.ROOT));
    out.println("rules:      " + ruleSet.source() + (ruleSet.isEmpty() ? " (no moves)" : ""));
    out.println("statement:  " + sql);
    RewritePlan plan;
    try {
      plan = new MoveRewriter().rewrite(sql, ruleSet, dialect, columns);
    } catch (RewriteRefusedException e) {
      out.println("result:     refused (SQLState " + e.getSQLState() + ")");
      out.println("reason:     " + e.getMessage());
      out.flush();
      return TandemCli.PROBLEMS;
    }
    out.println("kind:       " + plan.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (!plan.isRewritten()) {
      out.println("result:     sent as written");
    } else {
      out.println("result:     rewritten by " + String.join(", ", plan.movesApplied()));
      out.println("sent:       " + plan.sql());
      out.println("parameters: " + plan.parameters() + "  (application index -> statement indexes)");
      for (dev.tandem.rewrite.FollowUp followUp : plan.followUps()) {
        out.println("then:       " + followUp.sql() + (followUp.onlyAfterRows() ? "  (when the statement wrote rows)" : ""));
        out.println("  takes:    application parameters " + java.util.Arrays.toString(followUp.sources())
            + " (in the same transaction; Tandem's own one under auto-commit)");
      }
      boolean renamed = ruleSet.renames().stream().anyMatch(r -> plan.movesApplied().contains(r.name()));
      if (renamed) {
        out.println("note:       a table rename goes to whichever name is the table; " + (url == null
            ? "without --url, the table after the rename migration is shown" : "as --url's metadata says now"));
      } else if (plan.expandedFromMetadata()) {
        out.println("note:       expanded from the table metadata of " + (url == null ? "(none)" : "--url"));
      }
    }
    out.flush();
    return TandemCli.OK;
  }
}
