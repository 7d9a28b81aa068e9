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
 * type change {@code product.price_cents -> price}, both in one phase.
 */
final class RuleFile {
  private final Path file;
  private final boolean withProduct;

  RuleFile(Path dir, boolean withProduct) {
    this.file = dir.resolve("rules.yaml");
    this.withProduct = withProduct;
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
