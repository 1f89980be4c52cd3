package dev.weft.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** The agent's architecture rules, checked by {@link AgentArchitectureTest}. */
public final class AgentArchitecture {

    public static final ArchRule AGENT_NEVER_TOUCHES_THE_RUNTIME = noClasses()
            .that().resideInAPackage("dev.weft.agent..")
            .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "dev.weft.session..",
                    "dev.weft.store..", "dev.weft.http..", "tools.jackson..")
            .because("the agent names the runtime's bridge by descriptor only: the application's class path"
                    + " carries weft-runtime and Hazelcast, and the agent must load neither");

    public static final ArchRule AGENT_USES_ONLY_THE_JDK_BYTE_BUDDY_AND_THE_ANNOTATIONS = classes()
            .that().resideInAPackage("dev.weft.agent..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.weft.agent..",
                    "net.bytebuddy..", "dev.weft.annotation..")
            .because("the agent jar holds only the agent and its relocated Byte Buddy");

    private AgentArchitecture() {
    }
}
