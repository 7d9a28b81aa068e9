/**
 * The rule model, and how rules get from a YAML file into a running connection.
 *
 * <p>A rule file (SPEC §1) lists column moves; {@link dev.tandem.rules.RuleFileLoader} reads it
 * strictly into an immutable {@link dev.tandem.rules.RuleSet} of {@link dev.tandem.rules.MoveRule}s,
 * or fails with a {@link dev.tandem.rules.RuleFileException} that names file, line, column and
 * reason. Strict means: YAML is read as plain data (no type tags, bounded size, aliases and
 * nesting), every key is known and given once, every transform is one SQL expression and nothing
 * else (split into tokens and re-printed by {@code TransformTokens}: no comments,
 * markers, quoted placeholders or deep nesting), and moves do not conflict. A typo is an error,
 * never a silent default.
 *
 * <p>At run time a {@link dev.tandem.rules.RuleSource} holds the rule set of one file and replaces
 * it atomically when the file changes and is stable (SPEC §7), keeping the last good rules when a
 * change is invalid, drops a live move without saying so ({@code retired:}) or does not fit the
 * database ({@link dev.tandem.rules.RuleSetCheck}); {@link dev.tandem.rules.RuleSourceRegistry} lets
 * every connection on the same file share one source, and {@link dev.tandem.rules.RuleSetListener}s
 * hear about each change. {@link dev.tandem.rules.SchemaCheck} checks moves against a database
 * (columns through JDBC metadata, transforms by running them), and
 * {@link dev.tandem.rules.SchemaState} keeps the result per move and database, so that a move the
 * schema does not fit blocks its own statements, never the connection.
 *
 * <p>The rule file is code (SPEC §9): its expressions run inside the application's statements, so
 * it deserves the review and access control of a migration script. Nothing here ever builds SQL from
 * values an end user supplies.
 */
package dev.tandem.rules;
