/**
 * The JDBC wrappers: mechanism, not policy. {@code TandemConnection} sends every piece of SQL
 * through one hook ({@code plan(sql)}) and applies the {@code RewritePlan} it gets back;
 * {@code TandemPreparedStatement} fans each parameter out to the statement indexes the plan maps it
 * to and re-prepares itself when the rules change under it.
 *
 * <p>The plain forwarding methods of every wrapper live in {@code *Forwarder} base classes that the
 * build generates from the {@code java.sql} interfaces ({@code driver/src/build/ForwarderGenerator.java}),
 * so the classes here contain only what Tandem intercepts. Nothing handed out by a wrapper (a
 * connection, statement or result set) is ever the vendor's own object, except through an explicit
 * {@code unwrap} to a vendor type.
 */
package dev.tandem.jdbc;
