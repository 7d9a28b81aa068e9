package dev.tandem.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A rule file whose moves say {@code phase: expand}, written to a test's folder with another phase. */
public final class PhasedRuleFile {
  private PhasedRuleFile() {}

  /**
   * {@code source} with every {@code phase: expand} replaced by {@code phase: <phase>}, as
   * {@code folder/<name>-<phase>.yaml}.
   */
  public static Path write(Path source, Path folder, String phase) throws IOException {
    String name = source.getFileName().toString().replace(".yaml", "");
    String text = Files.readString(source).replace("phase: expand", "phase: " + phase);
    return Files.writeString(folder.resolve(name + "-" + phase + ".yaml"), text);
  }
}
