package dev.weft.annotation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.junit.jupiter.api.Test;

/** {@code weft-annotations} depends on nothing but the JDK, so domain code can carry it freely. */
class AnnotationsArchitectureTest {

    public static final ArchRule ANNOTATIONS_DEPEND_ON_NOTHING = classes()
            .that().resideInAPackage("dev.weft.annotation..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "dev.weft.annotation..")
            .because("applications put @SessionScoped on domain classes, which must not drag in a runtime");

    @Test
    void annotationsDependOnNothing() {
        JavaClasses annotations = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weft.annotation");
        ANNOTATIONS_DEPEND_ON_NOTHING.check(annotations);
    }

    @Test
    void sessionScopedIsARuntimeFieldAnnotationWithAnEmptyDefaultKey() throws Exception {
        assertEquals(RetentionPolicy.RUNTIME, SessionScoped.class.getAnnotation(Retention.class).value());
        assertEquals("", SessionScoped.class.getMethod("value").getDefaultValue());
    }
}
