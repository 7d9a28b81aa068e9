package dev.tandem.reliability;

import dev.tandem.rules.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * A rule file that a test rewrites as an operator would: the whole file at once, by writing a
 * temporary file beside it and renaming it over the old one, so that the driver's watcher never
 * reads half a file. Holds the rename {@code customer.email -> email_address} and, optionally, the
 * type change {@code product.price_cents -> price}, both in one phase; or ({@link #stress}) the
 * stress test's two moves on one table, {@code item} (see {@link StressMove}).
 */
final class RuleFile {
  private final Path file;
  private final boolean withProduct;
  private final boolean stress;
  private final String stressForward;
  private final String stressBackward;

  RuleFile(Path dir, boolean withProduct) {
    this(dir, withProduct, false, null, null);
  }

  private RuleFile(Path dir, boolean withProduct, boolean stress, String stressForward, String stressBackward) {
    this.file = dir.resolve("rules.yaml");
    this.withProduct = withProduct;
    this.stress = stress;
    this.stressForward = stressForward;
    this.stressBackward = stressBackward;
  }

  /** The stress test's rules: {@code item.email -> email_address} and {@code item.price_cents -> price}. */
  static RuleFile stress(Path dir) {
    // The same rules on every engine: a bound value substituted into a transform has the declared
    // type of the column it is written to (SPEC §2), so H2 no longer types it from the transform.
    return new RuleFile(dir, false, true, "{from} / 100.0", "CAST(ROUND({to} * 100) AS INT)");
  }

  Path path() {
    return file;
  }

  /** Writes the file with every move in {@code phase}, replacing the old one in one rename. */
  void write(Phase phase) throws IOException {
    Path next = file.resolveSibling("rules.yaml.next");
    Files.writeString(next, yaml(phase));
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Writes the file with no move at all: the tables are not moved yet. */
  void writeEmpty() throws IOException {
    Path next = file.resolveSibling("rules.yaml.next");
    Files.writeString(next, "version: 1\nmoves: []\n");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private String yaml(Phase phase) {
    String name = phase.name().toLowerCase(Locale.ROOT);
    if (stress) {
      return "version: 1\nmoves:\n"
          + "  - table: item\n    from: email\n    to: email_address\n    phase: " + name + "\n"
          + "  - table: item\n    from: price_cents\n    to: price\n"
          + "    forward: \"" + stressForward + "\"\n    backward: \"" + stressBackward + "\"\n    phase: " + name + "\n";
    }
    String rules = "version: 1\nmoves:\n"
        + "  - table: customer\n    from: email\n    to: email_address\n    phase: " + name + "\n";
    if (withProduct) {
      // 100.0, not 100: H2 types a bare parameter from its context (see rules-examples).
      rules += "  - table: product\n    from: price_cents\n    to: price\n"
          + "    forward: \"{from} / 100.0\"\n    backward: \"ROUND({to} * 100.0)\"\n    phase: " + name + "\n";
    }
    return rules;
  }
}
