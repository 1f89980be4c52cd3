package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The bridge a class loader finds is checked once per loader, by reading its class file. */
class BridgeCheckTest {

    /** Records every resource read through it; finds the test class path's weft-runtime, or none. */
    private static final class CountingLoader extends ClassLoader {
        final List<String> read = new CopyOnWriteArrayList<>();
        private final boolean hasRuntime;

        CountingLoader(boolean hasRuntime) {
            super("counting", BridgeCheckTest.class.getClassLoader());
            this.hasRuntime = hasRuntime;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            read.add(name);
            return hasRuntime ? super.getResourceAsStream(name) : null;
        }
    }

    private final BridgeCheck bridges = new BridgeCheck();

    @Test
    void theTestClassPathsRuntimeHasTheBridgeTheAgentWeavesFor() {
        CountingLoader loader = new CountingLoader(true);
        assertNull(bridges.problemIn(loader));
        assertNull(bridges.problemIn(loader));
        assertEquals(List.of("dev/weft/session/internal/SessionBridge.class"), loader.read, "read once per loader");
    }

    @Test
    void aLoaderWithoutTheRuntimeIsToldOnceAndRemembered() {
        CountingLoader loader = new CountingLoader(false);
        String problem = bridges.problemIn(loader);
        assertTrue(problem.startsWith("weft-runtime is not on the class path of " + loader), problem);
        assertEquals(problem, bridges.problemIn(loader));
        assertEquals(1, loader.read.size(), loader.read::toString);
        assertNull(bridges.problemIn(new CountingLoader(true)), "another loader, another answer");
    }
}
