package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.weft.agent.archfixture.ReachesIntoTheRuntime;
import dev.weft.agent.internal.Weaver;
import org.junit.jupiter.api.Test;

class AgentArchitectureTest {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft.agent");

    @Test
    void theMainClassesWereImported() {
        assertTrue(MAIN_CLASSES.contain(WeftAgent.class));
        assertTrue(MAIN_CLASSES.contain(Weaver.class));
    }

    @Test
    void agentNeverTouchesTheRuntime() {
        AgentArchitecture.AGENT_NEVER_TOUCHES_THE_RUNTIME.check(MAIN_CLASSES);
    }

    @Test
    void agentUsesOnlyTheJdkByteBuddyAndTheAnnotations() {
        AgentArchitecture.AGENT_USES_ONLY_THE_JDK_BYTE_BUDDY_AND_THE_ANNOTATIONS.check(MAIN_CLASSES);
    }

    @Test
    void theRulesCatchAViolation() {
        JavaClasses violating = new ClassFileImporter().importClasses(ReachesIntoTheRuntime.class);
        assertTrue(AgentArchitecture.AGENT_NEVER_TOUCHES_THE_RUNTIME.evaluate(violating).hasViolation());
        assertTrue(AgentArchitecture.AGENT_USES_ONLY_THE_JDK_BYTE_BUDDY_AND_THE_ANNOTATIONS.evaluate(violating)
                .hasViolation());
        assertFalse(AgentArchitecture.AGENT_NEVER_TOUCHES_THE_RUNTIME
                .evaluate(new ClassFileImporter().importClasses(WeftAgent.class)).hasViolation());
    }
}
