package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.testing.ClassFiles;
import dev.weft.fixture.attach.EarlyCounter;
import dev.weft.fixture.shop.Cart;
import dev.weft.session.NoActiveSessionException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up through {@code -javaagent}: this JVM runs under the packaged agent; others are started here. */
class PremainIT {

    private static final String AGENT_JAR = System.getProperty("weft.agent.jar");
    /** How every malformed-option line ends. */
    private static final String EXPECTED = "; expected include=<packages>, exclude=<packages> or verbose,"
            + " separated by ',', with packages separated by ':' (include=com.acme:org.foo,verbose)";

    @Test
    void thisJvmRunsWovenCode() {
        Cart cart = new Cart(); // the declaring class's constructor keeps plain fields
        NoActiveSessionException e = assertThrows(NoActiveSessionException.class, cart::visits);
        assertTrue(e.getMessage().contains("dev.weft.fixture.shop.Cart.visits"), e.getMessage());
    }

    @Test
    void premainSetsTheVersionProperty() {
        String version = System.getProperty("weft.project.version");
        assertNotNull(version, "the build passes its version as weft.project.version");
        assertEquals(version, System.getProperty("weft.agent.version"));
    }

    @Test
    void aMalformedOptionIsOneLineAndExitStatus2() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=com.acme,colour=blue", "-version");
        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals("weft-agent: unknown option 'colour=blue' in 'include=com.acme,colour=blue'" + EXPECTED,
                result.firstLine());
        assertFalse(result.stderr().contains("FATAL"), result.stderr());
    }

    @Test
    void aMisspeltFlagIsAnErrorNotAPackage() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=com.example,verbos", "-version");
        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals("weft-agent: unknown option 'verbos' in 'include=com.example,verbos'" + EXPECTED, result.firstLine());
    }

    @Test
    void aMalformedPackageIsOneLineAndExitStatus2() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=com..acme", "-version");
        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals("weft-agent: option 'include=com..acme': 'com..acme' is not a package name in 'include=com..acme'"
                + EXPECTED, result.firstLine());
    }

    /** The option text of the README's command line, as bash passes it on unquoted. */
    @Test
    void theDocumentedOptionsNeedNoQuotingInBash() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("bash", "-c", java + " -javaagent:" + AGENT_JAR
                + "=include=com.acme:org.foo,exclude=com.acme.generated,verbose -version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), stderr);
        assertTrue(stderr.startsWith("[weft] agent installed (include=[com/acme/, org/foo/],"
                + " exclude=[com/acme/generated/], verbose=true)"), stderr);
    }

    @Test
    void verboseLogsEachWovenClassAndField() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=dev.weft.fixture,verbose",
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
        assertTrue(result.stderr().contains("version before: null, after: " + System.getProperty("weft.project.version")),
                result.stderr());
    }

    @Test
    void aClassThatCannotBeWovenFailsToInitializeUnderTheAgent(@TempDir Path classes) throws Exception {
        Path huge = classes.resolve("dev/weft/fixture/generated/Huge.class");
        Files.createDirectories(huge.getParent());
        Files.write(huge, ClassFiles.tooLargeOnceWoven("dev/weft/fixture/generated/Huge"));
        Result result = java("-javaagent:" + AGENT_JAR, "-cp", classes + File.pathSeparator
                + System.getProperty("java.class.path"), LoadMain.class.getName(), "dev.weft.fixture.generated.Huge");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("refused: Weft refuses to load dev.weft.fixture.generated.Huge: it uses"
                + " session field dev.weft.fixture.generated.Huge.count, but the agent could not weave it: "),
                result.stderr());
        assertTrue(result.stderr().contains("MethodTooLargeException"), result.stderr());
    }

    @Test
    void aClassTheOptionsExcludeFailsToInitializeIfItUsesASessionField() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=exclude=dev.weft.fixture.other",
                "-cp", System.getProperty("java.class.path"), LoadMain.class.getName(),
                "dev.weft.fixture.other.Auditor", "dev.weft.fixture.shop.Cart", "dev.weft.fixture.plain.NoSessionFields");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("refused: Weft refuses to load dev.weft.fixture.other.Auditor: it uses session"
                + " fields dev.weft.fixture.shop.Cart.lastOrder, dev.weft.fixture.shop.Cart.note, but the agent's option"
                + " exclude=dev.weft.fixture.other leaves it unwoven; remove dev.weft.fixture.other from exclude=\n"),
                result.stderr());
        assertTrue(result.stderr().contains("loaded: dev.weft.fixture.shop.Cart\n"), result.stderr());
        assertTrue(result.stderr().contains("loaded: dev.weft.fixture.plain.NoSessionFields\n"), result.stderr());
    }

    @Test
    void aClassOutsideIncludeFailsToInitializeIfItUsesASessionField() throws Exception {
        Result result = java("-javaagent:" + AGENT_JAR + "=include=dev.weft.fixture.shop:dev.weft.fixture.plain",
                "-cp", System.getProperty("java.class.path"), LoadMain.class.getName(),
                "dev.weft.fixture.special.SpecialCart", "dev.weft.fixture.shop.Cart");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("refused: Weft refuses to load dev.weft.fixture.special.SpecialCart: it uses"
                + " session field dev.weft.fixture.shop.Cart.points, but it is outside the agent's include= option,"
                + " which leaves it unwoven; add dev.weft.fixture.special to include=\n"), result.stderr());
        assertTrue(result.stderr().contains("loaded: dev.weft.fixture.shop.Cart\n"), result.stderr());
    }

    @Test
    void aClassWovenWithoutWeftRuntimeOnTheClassPathFailsToInitialize() throws Exception {
        List<String> withoutRuntime = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("weft-runtime") && !entry.replace('\\', '/').endsWith("runtime/target/classes")) {
                withoutRuntime.add(entry);
            }
        }
        Result result = java("-javaagent:" + AGENT_JAR, "-cp", String.join(File.pathSeparator, withoutRuntime),
                LoadMain.class.getName(), "dev.weft.fixture.legacy.Counter", "dev.weft.fixture.plain.NoSessionFields");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("refused: Weft refuses to load dev.weft.fixture.legacy.Counter: it uses session"
                + " fields dev.weft.fixture.legacy.Counter.count, dev.weft.fixture.legacy.Counter.total, but weft-runtime"
                + " is not on the class path of jdk.internal.loader.ClassLoaders$AppClassLoader@"), result.stderr());
        assertTrue(result.stderr().contains("loaded: dev.weft.fixture.plain.NoSessionFields\n"), result.stderr());
    }

    /** Initializes the classes named, and says on standard error how each went. */
    public static final class LoadMain {
        public static void main(String[] names) {
            for (String name : names) {
                try {
                    Class.forName(name);
                    System.err.println("loaded: " + name);
                } catch (ExceptionInInitializerError e) {
                    System.err.println("refused: " + e.getCause().getMessage());
                } catch (ClassNotFoundException | LinkageError e) {
                    System.err.println("failed: " + e);
                }
            }
        }
    }

    @Test
    void aMalformedOptionOfAnAttachedAgentThrowsAndTheProgramRunsOn() throws Exception {
        Result result = java("-Djdk.attach.allowAttachSelf=true", "-cp", System.getProperty("java.class.path"),
                BadAttachMain.class.getName(), AGENT_JAR);
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("weft-agent: unknown option 'verbos' in 'include=com.example,verbos'"
                + EXPECTED), result.stderr());
        assertTrue(result.stderr().contains("still running, version: null"), result.stderr());
    }

    /** Attaches the packaged agent to itself with a misspelt option, and goes on. */
    public static final class BadAttachMain {
        public static void main(String[] arguments) {
            try {
                ByteBuddyAgent.attach(new File(arguments[0]), String.valueOf(ProcessHandle.current().pid()),
                        "include=com.example,verbos");
                System.err.println("attached");
            } catch (RuntimeException e) {
                System.err.println("attach failed: " + e);
            }
            System.err.println("still running, version: " + System.getProperty("weft.agent.version"));
        }
    }

    /** Uses a session field's class, then attaches the packaged agent to itself with {@code verbose}. */
    public static final class AttachMain {
        public static void main(String[] arguments) {
            EarlyCounter counter = new EarlyCounter();
            if (counter.increment() != 101) {
                System.exit(2);
            }
            String before = System.getProperty("weft.agent.version");
            ByteBuddyAgent.attach(new File(arguments[0]), String.valueOf(ProcessHandle.current().pid()), "verbose");
            System.err.println("version before: " + before + ", after: " + System.getProperty("weft.agent.version"));
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
        String firstLine() {
            int end = stderr.indexOf('\n');
            return end < 0 ? stderr : stderr.substring(0, end);
        }
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
