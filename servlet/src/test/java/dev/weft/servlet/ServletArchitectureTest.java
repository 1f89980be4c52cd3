package dev.weft.servlet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The servlet module's place among Weft's modules, as rules (DESIGN.md, "Modules"). */
class ServletArchitectureTest {

    private static final JavaClasses WEFT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft");

    public static final ArchRule SERVLET_USES_PUBLIC_RUNTIME_API_ONLY = noClasses()
            .that().resideInAPackage("dev.weft.servlet..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft..internal..", "dev.weft.agent..",
                    "net.bytebuddy..", "com.hazelcast..")
            .because("the servlet module is a user of the runtime: it needs nothing a user should not touch,"
                    + " and no particular store");

    public static final ArchRule RUNTIME_KNOWS_NOTHING_OF_SERVLETS = noClasses()
            .that().resideInAnyPackage("dev.weft.session..", "dev.weft.store..", "dev.weft.http..",
                    "dev.weft.annotation..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "javax.servlet..",
                    "dev.weft.servlet..")
            .because("the runtime serves plain Java programs; the Servlet API is the servlet module's business");

    public static final ArchRule ONLY_THE_FILTER_IS_PUBLIC = classes()
            .that().resideInAPackage("dev.weft.servlet").and().haveModifier(JavaModifier.PUBLIC)
            .should().haveFullyQualifiedName(SessionFilter.class.getName())
            .orShould().haveFullyQualifiedName(SessionFilter.Builder.class.getName())
            .because("the module's public surface is the filter and its builder; the rest may change freely");

    @Test
    void servletUsesPublicRuntimeApiOnly() {
        SERVLET_USES_PUBLIC_RUNTIME_API_ONLY.check(WEFT);
    }

    @Test
    void runtimeKnowsNothingOfServlets() {
        RUNTIME_KNOWS_NOTHING_OF_SERVLETS.check(WEFT);
    }

    @Test
    void onlyTheFilterIsPublic() {
        ONLY_THE_FILTER_IS_PUBLIC.check(WEFT);
    }

    @Test
    void theRulesSeeBothModules() {
        // Rules over an empty import pass vacuously: make sure both sides were imported.
        classes().that().resideInAPackage("dev.weft.session").should().bePublic().orShould().notBePublic()
                .allowEmptyShould(false).check(WEFT);
        classes().that().resideInAPackage("dev.weft.servlet").should().bePublic().orShould().notBePublic()
                .allowEmptyShould(false).check(WEFT);
    }
}
