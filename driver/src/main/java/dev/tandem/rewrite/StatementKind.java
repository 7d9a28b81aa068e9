package dev.tandem.rewrite;

/** What a statement does, as far as Tandem cares; a tag on plans and metrics. */
public enum StatementKind {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  /** {@code INSERT … ON CONFLICT}, {@code ON DUPLICATE KEY UPDATE}. */
  UPSERT,
  MERGE,
  /** Schema changes; never rewritten. */
  DDL,
  /** Anything else that parsed (calls, SET, transaction control, …). */
  OTHER,
  /** Not parsed: the statement names no moved table, so Tandem did not look inside. */
  UNPARSED
}
