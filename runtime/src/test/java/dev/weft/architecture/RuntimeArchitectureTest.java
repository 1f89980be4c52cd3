package dev.weft.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md that concern {@code weft-runtime}, checked on its main classes. */
class RuntimeArchitectureTest {

    public static final ArchRule RUNTIME_KNOWS_NO_AGENT = noClasses()
            .that().resideInAPackage("dev.weft..")
            .should().dependOnClassesThat().resideInAnyPackage("net.bytebuddy..", "dev.weft.agent..")
            .because("the runtime is what woven code calls; it must work with any agent, or none, on the class path");

    public static final ArchRule STORE_KNOWS_NO_SESSIONS = noClasses()
            .that().resideInAPackage("dev.weft.store..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.session..", "dev.weft.http..",
                    "tools.jackson..")
            .because("the store contract deals in strings; sessions and values are built on top of it");

    public static final ArchRule SESSIONS_KNOW_NO_HAZELCAST = noClasses()
            .that().resideInAPackage("dev.weft.session..")
            .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "dev.weft.store.hazelcast..")
            .because("sessions work over any SessionStore; only the Hazelcast store knows Hazelcast");

    public static final ArchRule RUNTIME_KNOWS_NO_SERVLET_API = noClasses()
            .that().resideInAPackage("dev.weft..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "javax.servlet..")
            .because("the servlet integration lives in weft-servlet, over the runtime's public API");

    public static final ArchRule NO_INTERNAL_TYPE_IN_PUBLIC_API = ArchRuleDefinition.classes()
            .that().arePublic().and().resideOutsideOfPackage("..internal..")
            .should(exposeNoInternalTypes())
            .because("types in internal packages may change freely, so no public signature may name one");

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.isJar())
            .importPackages("dev.weft");

    @Test
    void runtimeKnowsNoAgent() {
        RUNTIME_KNOWS_NO_AGENT.check(RUNTIME);
    }

    @Test
    void storeKnowsNoSessions() {
        STORE_KNOWS_NO_SESSIONS.check(RUNTIME);
    }

    @Test
    void sessionsKnowNoHazelcast() {
        SESSIONS_KNOW_NO_HAZELCAST.check(RUNTIME);
    }

    @Test
    void runtimeKnowsNoServletApi() {
        RUNTIME_KNOWS_NO_SERVLET_API.check(RUNTIME);
    }

    @Test
    void noInternalTypeInPublicApi() {
        NO_INTERNAL_TYPE_IN_PUBLIC_API.check(RUNTIME);
    }

    @Test
    void theRulesCatchViolations() {
        JavaClasses leaky = new ClassFileImporter().importClasses(Leaky.class);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> NO_INTERNAL_TYPE_IN_PUBLIC_API.check(leaky));
    }

    /** A public class whose public method returns an internal type: the rule must reject it. */
    public static class Leaky {
        public dev.weft.session.internal.SessionField field() {
            return null;
        }
    }

    static ArchCondition<JavaClass> exposeNoInternalTypes() {
        DescribedPredicate<JavaClass> internal = DescribedPredicate.describe("internal",
                type -> type.getPackageName().contains(".internal"));
        return new ArchCondition<>("expose no internal types in public signatures") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getRawSuperclass().filter(internal).ifPresent(s -> violated(events, type, "extends " + s.getName()));
                type.getRawInterfaces().stream().filter(internal)
                        .forEach(i -> violated(events, type, "implements " + i.getName()));
                for (JavaCodeUnit member : type.getCodeUnits()) {
                    if (!isApi(member.getModifiers())) {
                        continue;
                    }
                    member.getRawParameterTypes().stream().filter(internal)
                            .forEach(p -> violated(events, type, member.getFullName() + " takes " + p.getName()));
                    if (internal.test(member.getRawReturnType())) {
                        violated(events, type, member.getFullName() + " returns " + member.getRawReturnType().getName());
                    }
                }
                for (JavaField field : type.getFields()) {
                    if (isApi(field.getModifiers()) && internal.test(field.getRawType())) {
                        violated(events, type, field.getFullName() + " is of type " + field.getRawType().getName());
                    }
                }
            }
        };
    }

    private static boolean isApi(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void violated(ConditionEvents events, JavaClass type, String what) {
        events.add(SimpleConditionEvent.violated(type, type.getName() + ": " + what));
    }
}
