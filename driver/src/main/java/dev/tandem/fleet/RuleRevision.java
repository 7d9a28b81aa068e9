package dev.tandem.fleet;

import java.time.Instant;

/**
 * One published rule set: its revision number (increasing, one per publication), the whole
 * document, and who published it when.
 */
public record RuleRevision(long revision, String document, Instant createdAt, String createdBy) {
  /** How instances report this revision in the registry. */
  public String label() {
    return Long.toString(revision);
  }
}
