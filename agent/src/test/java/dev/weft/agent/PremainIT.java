package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fixture.attach.EarlyCounter;
import dev.weft.fixture.shop.Cart;
import dev.weft.session.NoActiveSessionException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
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

    @Test
    void agentmainInARunningJvmRetransformsTheClassesItAlreadyLoaded() throws Exception {
        Result result = java("-Djdk.attach.allowAttachSelf=true", "-cp", System.getProperty("java.class.path"),
                AttachMain.class.getName(), AGENT_JAR);
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("[weft] rewove dev.weft.fixture.attach.EarlyCounter:"
                + " dev.weft.fixture.attach.EarlyCounter.count"), result.stderr());
        assertTrue(result.stderr().contains("woven: session field dev.weft.fixture.attach.EarlyCounter.count"),
                result.stderr());
    }

    /** Uses a session field's class, then attaches the packaged agent to itself with {@code verbose}. */
    public static final class AttachMain {
        public static void main(String[] arguments) {
            EarlyCounter counter = new EarlyCounter();
            if (counter.increment() != 101) {
                System.exit(2);
            }
            ByteBuddyAgent.attach(new File(arguments[0]), String.valueOf(ProcessHandle.current().pid()), "verbose");
            try {
                counter.increment();
                System.exit(3);
            } catch (NoActiveSessionException e) {
                System.err.println("woven: " + e.getMessage());
            }
        }
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
