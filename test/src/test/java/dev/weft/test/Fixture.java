package dev.weft.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that a test runs through the JUnit Platform ({@link WeftExtensionLifecycleTest#run})
 * to look at its outcome; some of its tests fail on purpose. Selected on its own (a {@code -Dtest}
 * pattern that matches nested classes), it is skipped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(Fixture.OnlyWhenRunByATest.class)
@interface Fixture {

    /** The configuration parameter {@link WeftExtensionLifecycleTest#run} sets. */
    String PARAMETER = "dev.weft.test.fixture";

    /** Enables a fixture only when a test runs it. */
    final class OnlyWhenRunByATest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by a test")
                    : ConditionEvaluationResult.disabled("a fixture: other tests run it and look at its outcome");
        }
    }
}
