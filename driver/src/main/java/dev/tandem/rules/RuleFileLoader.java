package dev.tandem.rules;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and validates a rule file (SPEC §1) into an immutable {@link RuleSet}, or explains with
 * file, line and column why it cannot.
 *
 * <p>The rule file is code (SPEC §9), but it is read as data only: SnakeYAML composes a plain node
 * tree, nothing is ever constructed from a YAML type tag (an explicit tag is an error), and the
 * document is limited to {@value #MAX_CODE_POINTS} characters, {@value #MAX_ALIASES} aliases and
 * {@value #MAX_DEPTH} levels of nesting. The tree is then walked by hand so that every mistake,
 * including a misspelt key, is an error with a place rather than a silent default. What is checked
 * is described on {@link RuleDocument} and {@link MoveConflicts}.
 *
 * <p>Thread-safe: every call works on its own state.
 */
public final class RuleFileLoader {
  /** The only rule file format version this Tandem reads. */
  public static final int SUPPORTED_VERSION = 1;
  /** The largest rule file, in characters (Unicode code points): 1 MiB. */
  public static final int MAX_CODE_POINTS = 1024 * 1024;
  /** The most aliases ({@code *name}) a rule file may use. */
  public static final int MAX_ALIASES = 20;
  /** The deepest nesting of lists and mappings; a rule file needs 3. */
  public static final int MAX_DEPTH = 10;

  /** UTF-8 takes at most four bytes a code point; anything longer is refused before decoding. */
  private static final int MAX_BYTES = 4 * MAX_CODE_POINTS;

  private RuleFileLoader() {}

  /** Loads a file path, or a {@code classpath:} resource. */
  public static RuleSet load(String location) throws RuleFileException {
    return load(RuleLocation.parse(location));
  }

  /** Loads a rule file from the file system. */
  public static RuleSet load(Path file) throws RuleFileException {
    return load(RuleLocation.file(file));
  }

  /** Loads a rule file from where {@code location} says. */
  public static RuleSet load(RuleLocation location) throws RuleFileException {
    String source = location.toString();
    return parse(location.read(MAX_BYTES), source);
  }

  /**
   * Validates rule file text that did not come from a file (a test, an admin endpoint).
   *
   * @param source what to call the text in messages
   */
  public static RuleSet parse(String yaml, String source) throws RuleFileException {
    return parse(yaml.getBytes(StandardCharsets.UTF_8), source);
  }

  /** Validates the raw bytes of a rule file; the rule set's content hash is taken from them. */
  static RuleSet parse(byte[] content, String source) throws RuleFileException {
    if (content.length > MAX_BYTES) {
      throw tooLarge(source);
    }
    String text = decode(content, source);
    if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
      throw tooLarge(source);
    }
    Node root = compose(text, source);
    return new RuleDocument(source).read(root, contentHash(content));
  }

  static RuleFileException tooLarge(String source) {
    return new RuleFileException(source, 0, 0, "the file is too large; a rule file may hold at most "
        + MAX_CODE_POINTS + " characters (1 MiB)");
  }

  /** The hash that tells a changed rule file from an unchanged one: SHA-256, in hex. */
  static String contentHash(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String decode(byte[] content, String source) throws RuleFileException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new RuleFileException(source, 0, 0, "the file is not UTF-8 text", e);
    }
  }

  /**
   * SnakeYAML's problem, with its context ("while scanning a quoted scalar") and, when the context
   * starts on another line than the problem (an unclosed quote), that line: it is where to look.
   */
  private static String yamlProblem(MarkedYAMLException e) {
    String problem = e.getProblem();
    if (problem != null && problem.contains("another document")) {
      return "a rule file holds one document, but a second one starts here";
    }
    if (e.getContext() == null) {
      return problem;
    }
    Mark context = e.getContextMark();
    Mark at = e.getProblemMark();
    boolean elsewhere = context != null && at != null && context.getLine() != at.getLine();
    return problem + " (" + e.getContext() + (elsewhere ? " that starts on line " + (context.getLine() + 1) : "") + ")";
  }

  private static Node compose(String text, String source) throws RuleFileException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    options.setMergeOnCompose(false);
    options.setTagInspector(tag -> false);
    YamlGuard guard = new YamlGuard(new ParserImpl(new StreamReader(text), options), source, MAX_ALIASES, MAX_DEPTH);
    try {
      return new Composer(guard, new Resolver(), options).getSingleNode();
    } catch (YamlGuard.Refused e) {
      throw e.error();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      int column = mark == null ? 0 : mark.getColumn() + 1;
      throw new RuleFileException(source, line, column, "not valid YAML: " + yamlProblem(e), e);
    } catch (YAMLException e) {
      throw new RuleFileException(source, 0, 0, "not valid YAML: " + e.getMessage(), e);
    }
  }
}
