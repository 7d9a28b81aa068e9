package dev.tandem.rules;

import java.util.Locale;

/** Where a column move stands in its expand / migrate / contract life cycle (SPEC §2). */
public enum Phase {
  /** The new column exists; old rows are not backfilled yet. Writes go to both; reads of {@code to} coalesce. */
  EXPAND,
  /** The backfill has run and been verified. Writes go to both; reads pass through. */
  MIGRATED,
  /** The old column is being retired. Writes naming {@code from} are redirected to {@code to}. */
  CONTRACT;

  /** The phase as written in a rule file. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a phase as written in a rule file, or returns {@code null} when there is no such phase. */
  public static Phase fromYaml(String text) {
    for (Phase p : values()) {
      if (p.yamlName().equals(text)) {
        return p;
      }
    }
    return null;
  }
}
