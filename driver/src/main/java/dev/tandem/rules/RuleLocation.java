package dev.tandem.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Where a rule file lives: a file system path, or a resource on the class path written
 * {@code classpath:tandem/rules.yaml}. A file path is made absolute and normalised (but symbolic
 * links are <em>not</em> resolved: a Kubernetes config mount swaps the link target, and the link is
 * what must be watched).
 */
public final class RuleLocation {
  /** The prefix that marks a class path resource. */
  public static final String CLASSPATH_PREFIX = "classpath:";

  private final Path file;
  private final String resource;

  private RuleLocation(Path file, String resource) {
    this.file = file;
    this.resource = resource;
  }

  /** A file path, or a resource when {@code text} starts with {@code classpath:}. */
  public static RuleLocation parse(String text) {
    Objects.requireNonNull(text, "location");
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("a rule file location must not be empty");
    }
    if (t.startsWith(CLASSPATH_PREFIX)) {
      return classpath(t.substring(CLASSPATH_PREFIX.length()));
    }
    return file(Path.of(t));
  }

  /** A file system path. */
  public static RuleLocation file(Path path) {
    return new RuleLocation(path.toAbsolutePath().normalize(), null);
  }

  /** A class path resource, with or without a leading slash. */
  public static RuleLocation classpath(String resource) {
    String r = resource.startsWith("/") ? resource.substring(1) : resource;
    if (r.isBlank()) {
      throw new IllegalArgumentException("a classpath: rule location must name a resource");
    }
    return new RuleLocation(null, r);
  }

  /** Whether this is a file (which can change and is watched) rather than a class path resource. */
  public boolean isFile() {
    return file != null;
  }

  /** The absolute file path, or {@code null} for a class path resource. */
  public Path file() {
    return file;
  }

  /**
   * Reads the whole file, refusing more than {@code maxBytes}: a rule file is small, and a runaway
   * file (or a device someone pointed us at) must not exhaust the heap.
   */
  byte[] read(int maxBytes) throws RuleFileException {
    refuseIfNotRegular();
    try (InputStream in = open()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw RuleFileLoader.tooLarge(toString());
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new RuleFileException(toString(), 0, 0, "the rule file does not exist", e);
    } catch (IOException e) {
      throw new RuleFileException(toString(), 0, 0, "cannot read the rule file: " + e, e);
    }
  }

  /**
   * Refuses a directory, FIFO, device or socket before opening it: opening a FIFO blocks until
   * someone writes to it, and a device may never end.
   */
  private void refuseIfNotRegular() throws RuleFileException {
    if (file == null) {
      return;
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new RuleFileException(toString(), 0, 0, "the rule file does not exist", e);
    } catch (IOException e) {
      throw new RuleFileException(toString(), 0, 0, "cannot read the rule file: " + e, e);
    }
    if (attributes.isDirectory()) {
      throw new RuleFileException(toString(), 0, 0, "is a directory, not a rule file; name the YAML file in it");
    }
    if (!attributes.isRegularFile()) {
      throw new RuleFileException(toString(), 0, 0, "is not a regular file (a FIFO, device or socket); Tandem only"
          + " reads rule files that are plain files (a symbolic link to one is fine)");
    }
  }

  private InputStream open() throws IOException {
    if (file != null) {
      return Files.newInputStream(file);
    }
    URL url = resourceUrl();
    if (url == null) {
      throw new NoSuchFileException(toString());
    }
    return url.openStream();
  }

  private URL resourceUrl() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    URL url = context == null ? null : context.getResource(resource);
    return url != null ? url : RuleLocation.class.getClassLoader().getResource(resource);
  }

  /**
   * What polling compares to notice a change without reading the file: where the path finally
   * leads (so a symlink swap is seen even when the new file has the same size and time), its
   * modification time and its size. {@link Stamp#MISSING} when the file cannot be reached;
   * {@code null} for a class path resource, which does not change while the application runs.
   */
  Stamp stamp() {
    if (file == null) {
      return null;
    }
    try {
      Path real = file.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      return new Stamp(real.toString(), attributes.lastModifiedTime().toMillis(), attributes.size());
    } catch (IOException e) {
      return Stamp.MISSING;
    }
  }

  /** The cheap-to-read facts of a file that change when it does (almost always: see {@link RuleSource}). */
  record Stamp(String realPath, long modifiedMillis, long size) {
    static final Stamp MISSING = new Stamp("", -1, -1);
  }

  /** The absolute path, or {@code classpath:resource}: the source named in every message. */
  @Override
  public String toString() {
    return file != null ? file.toString() : CLASSPATH_PREFIX + resource;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleLocation && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
