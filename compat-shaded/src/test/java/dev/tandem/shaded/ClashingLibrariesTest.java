package dev.tandem.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TandemDriver;
import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The published driver jar in an application that brings its own JSqlParser 4.9 (as MyBatis-Plus and
 * PageHelper do) and SnakeYAML 1.33. Before the relocation, Maven picked one version for both and a
 * CTE threw {@code NoSuchMethodError} out of the driver, and {@code getConnection} failed on
 * SnakeYAML 1.33.
 */
class ClashingLibrariesTest {
  @TempDir Path dir;

  @Test
  void classPath_holdsTheApplicationsOwnVersions() throws IOException {
    assertThat(mavenVersion("com.github.jsqlparser", "jsqlparser")).isEqualTo("4.9");
    assertThat(mavenVersion("org.yaml", "snakeyaml")).isEqualTo("1.33");
  }

  @Test
  void applicationsOwnLibraries_keepWorkingBesideTandem() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tandem:h2:mem:own;DB_CLOSE_DELAY=-1")) {
      assertThat(c.isValid(1)).isTrue();
    }
    var parsed = net.sf.jsqlparser.parser.CCJSqlParserUtil.parse("WITH x AS (SELECT 1 AS a) SELECT a FROM x");
    assertThat(parsed).isInstanceOf(net.sf.jsqlparser.statement.select.Select.class);
    Map<String, Object> yaml = new Yaml().load("a: 1");
    assertThat(yaml).containsEntry("a", 1);
  }

  @Test
  void driverJar_carriesItsLibrariesRelocated() throws Exception {
    Path jar = Path.of(TandemDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jar.toString()).as("the driver must come as its jar; run this module at verify").endsWith(".jar");
    List<String> foreign = new ArrayList<>();
    List<String> relocated = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (!name.endsWith(".class")) {
          if (!name.endsWith("/") && !name.equals("META-INF/MANIFEST.MF")
              && !name.equals("META-INF/LICENSE") && !name.equals("META-INF/NOTICE")
              && !name.startsWith("META-INF/services/") && !name.startsWith("META-INF/maven/dev.tandem/")) {
            foreign.add(name); // a library's resource (a licence, a build file) that the driver does not need
          }
          continue;
        }
        if (name.startsWith("dev/tandem/internal/")) {
          relocated.add(name);
        } else if (!name.startsWith("dev/tandem/")) {
          foreign.add(name);
        }
      }
    }
    assertThat(foreign).as("classes outside dev.tandem, and resources not Tandem's, in the driver jar").isEmpty();
    assertThat(relocated).anyMatch(n -> n.startsWith("dev/tandem/internal/jsqlparser/"))
        .anyMatch(n -> n.startsWith("dev/tandem/internal/snakeyaml/"))
        .anyMatch(n -> n.startsWith("dev/tandem/internal/caffeine/"));
  }

  @Test
  void publishedPom_declaresNoRequiredDependency() throws Exception {
    Path pom = Path.of(System.getProperty("tandem.driverPom"));
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = doc.getElementsByTagName("dependency");
    List<String> required = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element d = (Element) dependencies.item(i);
      // Only the project's own dependencies reach an application; a plugin's (a profile's PIT plugin) do not.
      if (!"project".equals(d.getParentNode().getParentNode().getNodeName())) {
        continue;
      }
      String scope = text(d, "scope");
      boolean optional = "true".equals(text(d, "optional"));
      if (!optional && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
        required.add(text(d, "groupId") + ":" + text(d, "artifactId"));
      }
    }
    assertThat(dependencies.getLength()).as("dependencies in " + pom).isPositive();
    assertThat(required).as("required dependencies of the published driver").isEmpty();
  }

  /** A move's life cycle through the relocated jar: expand, then contract, both columns checked raw. */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void migration_runsThroughTheRelocatedJar(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.fresh(engine)) {
      db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100), email_address VARCHAR(100))");
      try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.rules", rules("expand")))) {
        update(c, "INSERT INTO customer (id, email) VALUES (?, ?)", 1, "old@example.com");
        assertThat(raw(db, 1)).containsExactly("old@example.com", "old@example.com");
        update(c, "UPDATE customer SET email_address = ? WHERE id = ?", "new@example.com", 1);
        assertThat(raw(db, 1)).containsExactly("new@example.com", "new@example.com");
        db.execute("INSERT INTO customer (id, email) VALUES (2, 'before@example.com')"); // written before Tandem
        // A CTE: the statement JSqlParser 4.9 on the class path broke with NoSuchMethodError.
        assertThat(query(c, "WITH c AS (SELECT id, email_address FROM customer) "
            + "SELECT email_address FROM c WHERE id = ?", 2)).isEqualTo("before@example.com");
      }
      try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.rules", rules("contract")))) {
        update(c, "UPDATE customer SET email = ? WHERE id = ?", "contract@example.com", 1);
        assertThat(raw(db, 1)).containsExactly("new@example.com", "contract@example.com");
        assertThat(query(c, "SELECT email FROM customer WHERE id = ?", 1)).isEqualTo("contract@example.com");
      }
    }
  }

  private String rules(String phase) throws IOException {
    Path file = dir.resolve("rules-" + phase + ".yaml");
    Files.writeString(file, "version: 1\nmoves:\n  - table: customer\n    from: email\n    to: email_address\n"
        + "    phase: " + phase + "\n");
    return file.toString();
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private static String query(Connection c, String sql, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** {@code email, email_address} of row {@code id}, read on a vendor connection. */
  private static List<String> raw(TestDatabase db, int id) throws SQLException {
    try (Connection c = db.openRaw();
        PreparedStatement ps = c.prepareStatement("SELECT email, email_address FROM customer WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return List.of(rs.getString(1), rs.getString(2));
      }
    }
  }

  private static String mavenVersion(String group, String artifact) throws IOException {
    String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    URL url = ClashingLibrariesTest.class.getClassLoader().getResource(resource);
    assertThat(url).as(resource).isNotNull();
    Properties p = new Properties();
    try (InputStream in = url.openStream()) {
      p.load(in);
    }
    return p.getProperty("version");
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }
}
