package dev.tandem.jdbc;

import dev.tandem.rewrite.RewritePlan;
import dev.tandem.rewrite.SearchPath;

/**
 * A plan together with the revision of the rule set it was made under, so a prepared statement can
 * tell at execution whether the rules have changed since, and the search path it was made for
 * ({@code null} when no move names a schema), so that it can tell whether the connection has
 * switched schema since.
 */
record Planned(RewritePlan plan, long revision, SearchPath path) {

  /** A plan made under rules where no move names a schema. */
  Planned(RewritePlan plan, long revision) {
    this(plan, revision, null);
  }
}
