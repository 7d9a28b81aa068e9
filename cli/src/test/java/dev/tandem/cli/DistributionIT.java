package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: {@code tandem-cli-<version>.tar.gz} (path from the failsafe
 * property {@code tandem.distribution}) unpacked by {@code tar} into a fresh folder, and
 * {@code bin/tandem} run as a process, with no class path but the archive's own {@code lib/}.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("tandem.version");

  @TempDir
  static Path unpacked;

  static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("tandem.distribution", "(tandem.distribution is set by failsafe)"));
    assertThat(archive).as("the distribution; run this test at verify").isRegularFile();
    Run tar = run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), null);
    assertThat(tar.exit).as("tar: %s", tar.output).isZero();
    home = unpacked.resolve("tandem-cli-" + VERSION);
  }

  @Test
  void archive_holdsTheLauncherTheToolsTheDriverAndBothVendorDrivers() throws IOException {
    assertThat(home.resolve("bin/tandem")).isExecutable();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("LICENSE")).isRegularFile();
    List<String> jars;
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(jars).anyMatch(j -> j.equals("tandem-driver-" + VERSION + ".jar"))
        .anyMatch(j -> j.equals("tandem-cli-" + VERSION + ".jar"))
        .anyMatch(j -> j.startsWith("picocli-"))
        .anyMatch(j -> j.startsWith("h2-"))
        .anyMatch(j -> j.startsWith("postgresql-"))
        .anyMatch(j -> j.startsWith("mariadb-java-client-"))
        // relocated inside the driver jar: a second, unrelocated copy would only be dead weight
        .noneMatch(j -> j.startsWith("jsqlparser-") || j.startsWith("snakeyaml-") || j.startsWith("caffeine-"));
  }

  @Test
  void version_printsTheReleaseVersion() throws Exception {
    Run version = tandem("--version");
    assertThat(version.exit).as(version.output).isZero();
    assertThat(version.output.strip()).isEqualTo("tandem " + VERSION);
  }

  /** A rewrite: the driver jar's relocated JSqlParser at work, from the unpacked folder. */
  @Test
  void explain_rewritesAStatement() throws Exception {
    Path rules = Path.of(System.getProperty("tandem.rulesExamples"), "conversation-last-message-at.yaml");
    Run explain = tandem("explain", "--rules", rules.toString(), "--dialect", "postgresql",
        "UPDATE conversation SET last_message_id = ? WHERE id = ?");
    assertThat(explain.exit).as(explain.output).isZero();
    assertThat(explain.output).contains("result:     rewritten by conversation-last-message-at")
        .contains("sent:       UPDATE conversation SET last_message_at = (SELECT m.sent_at FROM message m");
  }

  @Test
  void demo_walksTheMoveOnEmbeddedH2() throws Exception {
    Run demo = tandem("demo");
    assertThat(demo.exit).as(demo.output).isZero();
    assertThat(demo.output).contains("contract");
  }

  /** Without java on PATH and without JAVA_HOME, the launcher says so instead of failing obscurely. */
  @Test
  void launcher_withoutJava_saysWhatToSet() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", home.resolve("bin/tandem").toString(), "--version"));
    builder.environment().remove("JAVA_HOME");
    builder.environment().put("PATH", "/nonexistent");
    Run run = run(builder);
    assertThat(run.exit).isNotZero();
    assertThat(run.output).contains("set JAVA_HOME");
  }

  private static Run tandem(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/tandem").toString()));
    command.addAll(List.of(args));
    return run(command, Path.of(System.getProperty("java.home")));
  }

  private static Run run(List<String> command, Path javaHome) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (javaHome != null) {
      builder.environment().put("JAVA_HOME", javaHome.toString());
    }
    return run(builder);
  }

  private static Run run(ProcessBuilder builder) throws Exception {
    Path log = Files.createTempFile(unpacked, "run", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(builder.command() + " did not end in 120 s: " + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private record Run(int exit, String output) {}
}
