package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fixture.shop.Cart;
import dev.weft.session.NoActiveSessionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up through {@code -javaagent}: this JVM runs under the packaged agent; others are started here. */
class PremainIT {

    private static final String AGENT_JAR = System.getProperty("weft.agent.jar");

    @Test
    void thisJvmRunsWovenCode() {
        Cart cart = new Cart(); // the declaring class's constructor keeps plain fields
        NoActiveSessionException e = assertThrows(NoActiveSessionException.class, cart::visits);
        assertTrue(e.getMessage().contains("dev.weft.fixture.shop.Cart.visits"), e.getMessage());
    }

    @Test
    void aMalformedOptionStopsTheJvmWithAMessageNamingIt() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=com.acme;colour=blue", "-version");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("Weft agent option 'colour=blue' is malformed: unknown option 'colour'"),
                result.stderr());
    }

    @Test
    void verboseLogsEachWovenClassAndField() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=dev.weft.fixture;verbose",
                "-cp", System.getProperty("java.class.path"), VerboseMain.class.getName());
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("[weft] wove dev.weft.fixture.special.SpecialCart: dev.weft.fixture.shop.Cart.points"),
                result.stderr());
        assertTrue(result.stderr().contains("[weft] wove dev.weft.fixture.other.Auditor: dev.weft.fixture.shop.Cart.lastOrder,"
                + " dev.weft.fixture.shop.Cart.note"), result.stderr());
        assertTrue(!result.stderr().contains("NoSessionFields"), result.stderr());
        assertTrue(!result.stderr().contains("sun.misc.Unsafe"), "no Unsafe warning on Java 24+: " + result.stderr());
    }

    /** Loads a few fixtures in a JVM started with {@code verbose}. */
    public static final class VerboseMain {
        public static void main(String[] arguments) throws ClassNotFoundException {
            for (String name : List.of("dev.weft.fixture.special.SpecialCart", "dev.weft.fixture.other.Auditor",
                    "dev.weft.fixture.plain.NoSessionFields")) {
                Class.forName(name);
            }
        }
    }

    private record Result(int exitCode, String stderr) {
    }

    private static Result java(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dhazelcast.logging.type=none");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), stderr);
    }
}
