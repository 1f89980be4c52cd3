package dev.weft.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.weft.test.archfixture.ReachesIntoTheRuntime;
import org.junit.jupiter.api.Test;

/** The rules of DESIGN.md's module table for {@code weft-test}, checked on its main classes. */
class ArchitectureTest {

    static final ArchRule USES_ONLY_PUBLIC_RUNTIME_API = noClasses()
            .that().resideInAPackage("dev.weft.test..")
            .should().dependOnClassesThat().resideInAPackage("dev.weft..internal..")
            .because("the extension is a user of Weft like any other: the runtime's internal packages may change"
                    + " freely");

    static final ArchRule DEPENDS_ONLY_ON_THE_RUNTIME_THE_AGENT_AND_JUNIT = classes()
            .that().resideInAPackage("dev.weft.test..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.sun.management..", "dev.weft.test..",
                    "dev.weft.annotation..", "dev.weft.store..", "dev.weft.session..", "dev.weft.agent..",
                    "com.hazelcast.config..", "com.hazelcast.core..", "com.hazelcast.map..", "org.junit.jupiter.api..",
                    "org.junit.platform.commons.support..")
            .because("weft-test depends on the runtime (and the Hazelcast it runs on), the agent it installs, and"
                    + " JUnit Jupiter's API");

    /** The module's main classes: where {@link WeftExtension} was loaded from (target/classes or the jar). */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .importUrl(WeftExtension.class.getProtectionDomain().getCodeSource().getLocation());

    @Test
    void usesOnlyPublicRuntimeApi() {
        USES_ONLY_PUBLIC_RUNTIME_API.check(MAIN);
    }

    @Test
    void dependsOnlyOnTheRuntimeTheAgentAndJunit() {
        DEPENDS_ONLY_ON_THE_RUNTIME_THE_AGENT_AND_JUNIT.check(MAIN);
    }

    @Test
    void theRulesCatchAClassThatReachesIntoTheRuntime() {
        JavaClasses leaky = new ClassFileImporter().importClasses(ReachesIntoTheRuntime.class);
        AssertionError internal = assertThrows(AssertionError.class, () -> USES_ONLY_PUBLIC_RUNTIME_API.check(leaky));
        assertTrue(internal.getMessage().contains("SessionContext.current()"), internal.getMessage());
        AssertionError library = assertThrows(AssertionError.class,
                () -> DEPENDS_ONLY_ON_THE_RUNTIME_THE_AGENT_AND_JUNIT.check(leaky));
        assertTrue(library.getMessage().contains("JsonMapper"), library.getMessage());
    }
}
