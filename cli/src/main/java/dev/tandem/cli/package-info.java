/**
 * The operator's tools: {@code tandem check}, {@code tandem backfill} and {@code tandem triggers},
 * run from the distribution {@code tandem-cli-<version>.tar.gz} ({@code bin/tandem}, main class
 * {@link dev.tandem.cli.TandemCli}), which the {@code cli} module builds.
 *
 * <p>Mechanism is kept apart from presentation. Plain classes do the work and are tested directly:
 * {@link dev.tandem.cli.MoveSql} writes the SQL of one move for one dialect,
 * {@link dev.tandem.rules.TableInfo} reads a table's columns and primary key from JDBC metadata,
 * {@link dev.tandem.cli.MoveCheck} measures how far a move's columns agree,
 * {@link dev.tandem.cli.Backfill} fills one column from the other in key-ordered batches, and
 * {@link dev.tandem.cli.TriggerScripts} writes the triggers that keep both columns in step for
 * writers that bypass Tandem. The picocli commands ({@code *Command}) only parse options, call
 * those classes and print; {@link dev.tandem.cli.ProgressReporter} draws the backfill's progress.
 *
 * <p>The tools talk to the database through the vendor driver, never through Tandem: a backfill
 * must read and write the columns as they are stored, not as the rewriter would present them.
 * Every SQL text they run is built from the rule file (which is code, SPEC §9) and from metadata;
 * data values, such as the keys a backfill pages by, only ever travel as {@code ?} parameters.
 * Passwords are masked in every message ({@link dev.tandem.jdbc.Secrets#maskUrl}).
 *
 * <p>This module depends on the driver, never the other way round: applications that use the driver
 * never get picocli, H2 or these tools (the driver's {@code ArchitectureTest} checks that nothing in
 * the driver refers to this package). A new subcommand is a class annotated with
 * {@code @Command} that extends {@link dev.tandem.cli.TandemCommand}, listed in
 * {@link dev.tandem.cli.TandemCli}'s {@code subcommands}.
 */
package dev.tandem.cli;
