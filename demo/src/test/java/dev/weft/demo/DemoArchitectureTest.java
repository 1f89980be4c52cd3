package dev.weft.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The demo is a user of Weft: public API only. */
class DemoArchitectureTest {

    public static final ArchRule DEMO_USES_PUBLIC_API_ONLY = noClasses()
            .that().resideInAPackage("dev.weft.demo..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft..internal..", "dev.weft.agent..",
                    "net.bytebuddy..")
            .because("the demo shows what a user writes; it must need nothing a user should not touch");

    @Test
    void demoUsesPublicApiOnly() {
        DEMO_USES_PUBLIC_API_ONLY.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weft.demo"));
    }
}
