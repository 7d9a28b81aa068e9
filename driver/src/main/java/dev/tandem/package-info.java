/**
 * Tandem: a JDBC driver that keeps an old column and its replacement in step while an
 * expand/migrate/contract schema migration is in flight.
 *
 * <p>The public entry points live here: {@link dev.tandem.TandemDriver} (the {@code jdbc:tandem:}
 * URL prefix), {@link dev.tandem.TandemDataSource} (wrapping an existing {@code DataSource}) and
 * {@link dev.tandem.TandemStatus}; with them, {@link dev.tandem.jdbc.TandemSetting} (every setting, where it
 * can be given, its default) and {@link dev.tandem.dialect.Dialect}. Nothing below uses this package (no
 * package cycle: {@code ArchitectureTest}). Below them: {@code jdbc} holds the wrappers that apply plans,
 * {@code rewrite} turns SQL into plans, {@code rules} loads and watches rule files, and
 * {@code metrics} reports to Micrometer when it is present.
 */
package dev.tandem;
