package dev.tandem.jdbc;

import dev.tandem.rewrite.RewritePlan;

/**
 * A plan together with the revision of the rule set it was made under, so a prepared statement can
 * tell at execution whether the rules have changed since.
 */
record Planned(RewritePlan plan, long revision) {}
