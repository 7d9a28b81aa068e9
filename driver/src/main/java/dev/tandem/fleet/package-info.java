/**
 * Fleets: many instances of several application versions against one database, each picking a rule
 * change up at its own moment (docs/behaviour.md §9). The application's own database is the only shared
 * state: {@link dev.tandem.fleet.FleetTables} holds the rule-set revisions ({@code tandem_rules}) and the
 * instance registry ({@code tandem_instances}); {@link dev.tandem.fleet.DatabaseRuleStore} publishes and
 * reads revisions, validated exactly like a rule file; {@link dev.tandem.fleet.InstanceRegistry} records
 * one instance, the revision it applies and a lease on the database's clock;
 * {@link dev.tandem.fleet.FleetView} answers the operator's question, "has the fleet switched?".
 *
 * <p>All times are the database's ({@code CURRENT_TIMESTAMP}), never an instance's own clock, so instances
 * with skewed clocks agree on who is live. An instance judges its own lease conservatively on its
 * monotonic clock, from the moment it <em>started</em> the renewal that succeeded.
 */
package dev.tandem.fleet;
