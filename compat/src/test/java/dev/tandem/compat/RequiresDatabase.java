package dev.tandem.compat;

import dev.tandem.testing.Engine;
import dev.tandem.testing.TestDatabases;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class whose Spring context needs {@link #value()} when that engine cannot be reached,
 * as {@link TestDatabases#fresh} skips a plain test (a skip there would come too late: inside the
 * context's start, where it is reported as an error). Under {@code TANDEM_TEST_REQUIRE_DATABASES=true}
 * nothing is skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDatabase.Condition.class)
@interface RequiresDatabase {
  Engine value();

  /** Enables the class when its engine is configured (or required). */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getElement()
          .map(element -> element.getAnnotation(RequiresDatabase.class))
          .map(required -> TestDatabases.available(required.value())
              || "true".equalsIgnoreCase(System.getenv(TestDatabases.REQUIRE))
              ? ConditionEvaluationResult.enabled(required.value() + " is configured")
              : ConditionEvaluationResult.disabled(required.value() + " is not available; set "
                  + (required.value() == Engine.POSTGRESQL ? TestDatabases.POSTGRES_URL : TestDatabases.MARIADB_URL)))
          .orElse(ConditionEvaluationResult.enabled("no database required"));
    }
  }
}
