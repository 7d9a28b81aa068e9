package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code rules/malformed/} must be rejected with the message its first line
 * announces: {@code # expect: line:column: reason} (or {@code # expect: reason} when the problem has
 * no place). The expectation is a prefix of the message after {@code source:}, so a long parser
 * detail need not be copied in full.
 */
class MalformedRuleFilesTest {
  private static final String EXPECT = "# expect:";

  static List<Path> malformedFiles() throws IOException, URISyntaxException {
    Path folder = Path.of(MalformedRuleFilesTest.class.getResource("/rules/malformed").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void malformedFiles_areAtLeastThirty() throws Exception {
    assertThat(malformedFiles()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void load_malformedFile_failsWithTheExpectedMessage(Path file) throws IOException {
    String firstLine = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
    assertThat(firstLine).as("first line of %s", file.getFileName()).startsWith(EXPECT);
    String expected = firstLine.substring(EXPECT.length()).strip();

    RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> RuleFileLoader.load(file));

    assertThat(e).as("%s loads without error", file.getFileName()).isNotNull();
    assertThat(e.source()).isEqualTo(file.toAbsolutePath().normalize().toString());
    assertThat(e.getMessage()).startsWith(e.source() + ":");
    assertThat(e.getMessage().substring(e.source().length() + 1).strip()).startsWith(expected);
  }

  @Test
  void load_fileOverOneMebiCharacters_isRefusedWithoutParsing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    StringBuilder yaml = new StringBuilder("version: 1\nmoves: []\n");
    String comment = "# " + "x".repeat(1000) + "\n";
    while (yaml.length() <= RuleFileLoader.MAX_CODE_POINTS) {
      yaml.append(comment);
    }
    Files.writeString(file, yaml, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RuleFileLoader.load(file))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(file + ": the file is too large; a rule file may hold at most 1048576 characters (1 MiB)");
  }

  @Test
  void load_fileOfFourByteCharactersJustUnderTheLimit_isNotTooLarge(@TempDir Path dir) throws Exception {
    // 1 MiB code points can take 4 MiB of UTF-8: the byte limit must not cut in before the character one.
    Path file = dir.resolve("emoji.yaml");
    String emoji = new String(Character.toChars(0x1F600));
    Files.writeString(file, "version: 1\nmoves: []\n# " + emoji.repeat(RuleFileLoader.MAX_CODE_POINTS - 100) + "\n");

    assertThat(RuleFileLoader.load(file).moves()).isEmpty();
  }
}
