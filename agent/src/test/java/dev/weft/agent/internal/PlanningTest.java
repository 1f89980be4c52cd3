package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.testing.ClassFiles;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Planning is cheap: a class that touches no session field costs a scan of its own bytes, nothing more. */
class PlanningTest {

    /** Records every class file planning reads through it. */
    private static final class CountingLoader extends ClassLoader {
        final List<String> read = new CopyOnWriteArrayList<>();

        CountingLoader() {
            super("counting", PlanningTest.class.getClassLoader());
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            read.add(name);
            return super.getResourceAsStream(name);
        }
    }

    private final CountingLoader loader = new CountingLoader();
    private final SessionFields sessionFields = new SessionFields(new ClassInfos());

    private WeavingPlan plan(String binaryName) {
        return sessionFields.plan(loader, ClassFiles.of(binaryName), false);
    }

    @Test
    void aClassUsingOnlyItsOwnAndJdkFieldsReadsNoOtherClassFile() {
        assertTrue(plan("dev.weft.fixture.plain.NoSessionFields").isEmpty());
        assertTrue(plan("dev.weft.fixture.plain.ExtendsCartWithoutAccess").isEmpty());
        assertEquals(List.of(), loader.read);
    }

    @Test
    void aFieldReferenceThroughAnotherClassReadsThatClassOnceAndCachesIt() {
        assertFalse(plan("dev.weft.fixture.special.SpecialCart").isEmpty());
        assertTrue(Set.of("dev/weft/fixture/shop/Cart.class", "dev/weft/annotation/SessionScoped.class")
                .containsAll(loader.read), loader.read::toString);
        int reads = loader.read.size();
        assertFalse(plan("dev.weft.fixture.other.Auditor").isEmpty());
        assertTrue(plan("dev.weft.fixture.plain.NoSessionFields").isEmpty());
        assertTrue(loader.read.size() <= reads + 1, "SpecialCart's file at most: " + loader.read);
    }

    @Test
    void theScanFindsFieldReferencesAndTheAnnotation() {
        ClassFileScan cart = ClassFileScan.of(ClassFiles.of("dev.weft.fixture.shop.Cart"));
        assertTrue(cart.mentionsSessionScoped());
        assertEquals("dev/weft/fixture/shop/Cart", cart.className());
        assertTrue(cart.fieldRefs().stream().anyMatch(ref -> ref.key().equals("dev/weft/fixture/shop/Cart.items:Ljava/util/List;")));
        ClassFileScan plain = ClassFileScan.of(ClassFiles.of("dev.weft.fixture.plain.NoSessionFields"));
        assertFalse(plain.mentionsSessionScoped());
        assertTrue(plain.fieldRefs().stream().noneMatch(ref -> ref.owner().startsWith("java/")), "System.out is left out");
    }
}
