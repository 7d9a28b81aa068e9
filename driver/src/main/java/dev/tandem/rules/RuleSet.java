package dev.tandem.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable set of column moves and table renames ({@link #renames()}), as loaded from one rule file. Every rule set gets a
 * {@link #revision()} unique within the JVM, so plans made for one rule set are never served for
 * another.
 */
public final class RuleSet {
  private static final AtomicLong REVISIONS = new AtomicLong();
  private static final RuleSet EMPTY = new RuleSet(1, List.of(), "(none)", "");

  private final int formatVersion;
  private final List<MoveRule> moves;
  private final List<TableRename> renames;
  private final List<CrossTableMove> crossTableMoves;
  private final String source;
  private final String contentHash;
  private final Set<String> retired;
  private final long revision;
  private final boolean namesSchemas;

  /**
   * @param formatVersion the rule file's {@code version:}
   * @param moves the moves, in file order
   * @param source where the rules came from (a path or {@code classpath:} resource), for messages
   * @param contentHash a hash of the file content, to tell an unchanged file from a changed one
   */
  public RuleSet(int formatVersion, List<MoveRule> moves, String source, String contentHash) {
    this(formatVersion, moves, source, contentHash, Set.of());
  }

  /**
   * @param retired the names the file lists under {@code retired:}: moves that a reload may drop
   *     although the rules in force still dual-write them
   */
  public RuleSet(int formatVersion, List<MoveRule> moves, String source, String contentHash, Set<String> retired) {
    this(formatVersion, moves, List.of(), source, contentHash, retired);
  }

  /** @param renames the table renames, in file order */
  public RuleSet(int formatVersion, List<MoveRule> moves, List<TableRename> renames, String source, String contentHash,
      Set<String> retired) {
    this(formatVersion, moves, renames, List.of(), source, contentHash, retired);
  }

  /** @param crossTableMoves the moves of a column to another table (docs/behaviour.md §13), in file order */
  public RuleSet(int formatVersion, List<MoveRule> moves, List<TableRename> renames,
      List<CrossTableMove> crossTableMoves, String source, String contentHash, Set<String> retired) {
    this.crossTableMoves = List.copyOf(crossTableMoves);
    this.renames = List.copyOf(renames);
    this.retired = Set.copyOf(retired);
    this.formatVersion = formatVersion;
    this.moves = List.copyOf(moves);
    this.source = Objects.requireNonNull(source, "source");
    this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
    this.revision = REVISIONS.incrementAndGet();
    boolean qualified = false;
    for (MoveRule move : this.moves) {
      qualified |= move.table().schema() != null;
    }
    for (TableRename rename : this.renames) {
      qualified |= rename.table().schema() != null;
    }
    for (CrossTableMove move : this.crossTableMoves) {
      qualified |= move.table().schema() != null;
    }
    this.namesSchemas = qualified;
  }

  /** The rule set with no moves: everything passes through. */
  public static RuleSet empty() {
    return EMPTY;
  }

  public int formatVersion() {
    return formatVersion;
  }

  public List<MoveRule> moves() {
    return moves;
  }

  /** The table renames, in file order: a kind of move of their own, apart from the column moves. */
  public List<TableRename> renames() {
    return renames;
  }

  /** The same rules with {@code newMoves} as the column moves (the renames, source and retired names kept). */
  public RuleSet withMoves(List<MoveRule> newMoves, String newContentHash) {
    return new RuleSet(formatVersion, newMoves, renames, crossTableMoves, source, newContentHash, retired);
  }

  /** The same rules with {@code newCrossTableMoves} as the moves to other tables (a fleet's served phases). */
  public RuleSet withCrossTableMoves(List<CrossTableMove> newCrossTableMoves, String newContentHash) {
    return new RuleSet(formatVersion, moves, renames, newCrossTableMoves, source, newContentHash, retired);
  }

  /** The moves of a column to another table, in file order: a kind of move of their own (docs/behaviour.md §13). */
  public List<CrossTableMove> crossTableMoves() {
    return crossTableMoves;
  }

  /** The move of a column to another table called {@code name}, or {@code null}. */
  public CrossTableMove crossTableMove(String name) {
    for (CrossTableMove move : crossTableMoves) {
      if (move.name().equals(name)) {
        return move;
      }
    }
    return null;
  }

  /** Whether there is no column move and no table rename: everything passes through. */
  public boolean isEmpty() {
    return moves.isEmpty() && renames.isEmpty() && crossTableMoves.isEmpty();
  }

  /**
   * Whether some move names its table with a schema ({@code tenant_a.customer}): statements are
   * then planned for the connection's current schema (SPEC §3).
   */
  public boolean namesSchemas() {
    return namesSchemas;
  }

  public String source() {
    return source;
  }

  /** The names under {@code retired:}: live moves this file drops on purpose. */
  public Set<String> retired() {
    return retired;
  }

  /** The move called {@code name}, or {@code null}. */
  public MoveRule move(String name) {
    for (MoveRule move : moves) {
      if (move.name().equals(name)) {
        return move;
      }
    }
    return null;
  }

  /** The move whose {@link MoveRule#key()} is {@code key} (a split's piece, or a move by its name), or {@code null}. */
  public MoveRule moveByKey(String key) {
    for (MoveRule move : moves) {
      if (move.key().equals(key)) {
        return move;
      }
    }
    return null;
  }

  /** The table rename called {@code name}, or {@code null}. */
  public TableRename rename(String name) {
    for (TableRename rename : renames) {
      if (rename.name().equals(name)) {
        return rename;
      }
    }
    return null;
  }

  public String contentHash() {
    return contentHash;
  }

  /** A number unique to this rule set within the JVM, increasing with every load. */
  public long revision() {
    return revision;
  }

  @Override
  public String toString() {
    return "RuleSet[" + source + ", revision " + revision + ", " + moves.size() + " moves" + (renames.isEmpty() ? "" : ", " + renames.size() + " renames")
        + (crossTableMoves.isEmpty() ? "" : ", " + crossTableMoves.size() + " moves to other tables") + "]";
  }
}
