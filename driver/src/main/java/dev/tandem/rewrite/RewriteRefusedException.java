package dev.tandem.rewrite;

import java.sql.SQLFeatureNotSupportedException;

/**
 * A statement names a moved table but Tandem cannot rewrite it safely, so it is refused rather
 * than sent: sending it could write one column and not the other. SQLState {@code 0A000}.
 */
public class RewriteRefusedException extends SQLFeatureNotSupportedException {
  private static final long serialVersionUID = 1L;

  private final String move;

  /**
   * @param move the name of the move concerned, or {@code null} when the statement could not be
   *     parsed far enough to tell
   * @param reason why, in plain words
   */
  public RewriteRefusedException(String move, String reason) {
    this(move, reason, null);
  }

  public RewriteRefusedException(String move, String reason, Throwable cause) {
    super((move == null ? "" : "move " + move + ": ") + reason, "0A000", cause);
    this.move = move;
  }

  /** The name of the move concerned, or {@code null}. */
  public String move() {
    return move;
  }
}
