package dev.tandem;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's package rules, on its compiled main classes (README, Layout):
 * <ul>
 *   <li>no cycle between {@code dev.tandem} (the entry points) and the packages below it;
 *   <li>{@code rewrite} is pure: SQL, rules, dialect and metadata in, a plan out; it uses neither the JDBC
 *       layer, nor metrics, nor the fleet;
 *   <li>{@code metrics} uses nothing of {@code rewrite} (what it counts arrives as plain values);
 *   <li>nothing in the driver uses the operator tools ({@code dev.tandem.cli}, the cli module).
 * </ul>
 */
class ArchitectureTest {
  private static JavaClasses driver;

  @BeforeAll
  static void importDriver() {
    driver = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.tandem");
  }

  /** {@code dev.tandem} itself is one slice, and each package directly below it another. */
  private static final SliceAssignment PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass type) {
      String name = type.getPackageName();
      if (name.equals("dev.tandem")) {
        return SliceIdentifier.of("dev.tandem");
      }
      if (!name.startsWith("dev.tandem.") || name.startsWith("dev.tandem.internal")) {
        return SliceIdentifier.ignore();
      }
      String below = name.substring("dev.tandem.".length());
      int dot = below.indexOf('.');
      return SliceIdentifier.of("dev.tandem." + (dot < 0 ? below : below.substring(0, dot)));
    }

    @Override
    public String getDescription() {
      return "dev.tandem and each package directly below it";
    }
  };

  @Test
  void packages_haveNoCycle() {
    slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(driver);
  }

  /** The rewriter is pure: SQL, rules, dialect and metadata in, a plan out (the planner and plan cache are jdbc's). */
  @Test
  void rewrite_usesNeitherJdbcNorMetricsNorFleet() {
    noClasses().that().resideInAPackage("dev.tandem.rewrite..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.jdbc..", "dev.tandem.metrics..",
            "dev.tandem.fleet..")
        .check(driver);
  }

  @Test
  void metrics_usesNothingOfRewrite() {
    noClasses().that().resideInAPackage("dev.tandem.metrics..")
        .should().dependOnClassesThat().resideInAPackage("dev.tandem.rewrite..")
        .check(driver);
  }

  @Test
  void nothingInTheDriver_usesTheOperatorTools() {
    noClasses().that().resideInAPackage("dev.tandem..")
        .should().dependOnClassesThat().resideInAPackage("dev.tandem.cli..")
        .check(driver);
  }

  @Test
  void theDriverHoldsClasses() {
    // Guards the rules above against an import that finds nothing (they would pass vacuously).
    org.assertj.core.api.Assertions.assertThat(driver.stream().map(JavaClass::getPackageName).distinct())
        .contains("dev.tandem", "dev.tandem.jdbc", "dev.tandem.rewrite", "dev.tandem.rules", "dev.tandem.metrics",
            "dev.tandem.fleet");
  }
}
