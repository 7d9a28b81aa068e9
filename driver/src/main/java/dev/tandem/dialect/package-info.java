/**
 * {@link dev.tandem.dialect.Dialect}: the SQL dialect behind a connection (identifier folding and quoting,
 * the vendor syntax the rewriter may emit). A leaf: it uses nothing else of Tandem, and every package of
 * the driver may use it.
 */
package dev.tandem.dialect;
