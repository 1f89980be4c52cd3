package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.testing.ClassFiles;
import dev.weft.agent.testing.WovenClassLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * A class that uses, or may use, a session field and cannot be woven never runs with plain fields:
 * loaded through the real weaving, it fails to initialize with a message that names the class, its
 * session fields and the cause.
 */
class FailClosedTest {

    /** One more than the newest class file version the agent's ASM reads. */
    private static final int TOO_NEW = Opcodes.V28 + 1;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Weaver weaver = new Weaver(AgentOptions.defaults(), new PrintStream(log, true, StandardCharsets.UTF_8));

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Initializes {@code name} from {@code loader} and returns the message it was refused with. */
    private static String refusal(String name, ClassLoader loader) {
        ExceptionInInitializerError error = assertThrows(ExceptionInInitializerError.class,
                () -> Class.forName(name, true, loader));
        return assertInstanceOf(IllegalStateException.class, error.getCause()).getMessage();
    }

    @Test
    void aClassWhoseMethodWouldBeTooLargeOnceWovenFailsToInitialize() {
        String name = "dev.weft.fixture.generated.Huge";
        byte[] huge = ClassFiles.tooLargeOnceWoven(name.replace('.', '/'));
        WovenClassLoader loader = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(),
                Map.of(name, huge), Map.of(), Set.of());
        String message = refusal(name, loader);
        assertTrue(message.startsWith("Weft refuses to load dev.weft.fixture.generated.Huge: it uses session field"
                + " dev.weft.fixture.generated.Huge.count, but the agent could not weave it: "), message);
        assertTrue(message.contains("MethodTooLargeException"), message);
        assertTrue(log().startsWith("[weft] ERROR: it uses session field dev.weft.fixture.generated.Huge.count, but the"
                + " agent could not weave it: "), log());
        assertTrue(log().contains("(dev.weft.fixture.generated.Huge will fail to initialize)"), log());
    }

    /**
     * The JVM running this test reads no class file as new as one the agent's ASM cannot read, so
     * the weaver gets the too-new file and the JVM the weaver's answer with the version set back.
     */
    @Test
    void aClassFileNewerThanTheAgentReadsIsRefusedWhenItUsesSessionFields() {
        ClassFileTransformer newerThanAsm = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                    byte[] classFile) throws IllegalClassFormatException {
                int version = ClassFiles.major(classFile);
                byte[] answer = weaver.transform(loader, className, redefined, domain,
                        ClassFiles.withMajor(classFile, TOO_NEW));
                return answer == null ? null : ClassFiles.withMajor(answer, version);
            }
        };
        String message = refusal("dev.weft.fixture.legacy.Counter", new WovenClassLoader(newerThanAsm));
        assertTrue(message.startsWith("Weft refuses to load dev.weft.fixture.legacy.Counter: it uses session fields"
                + " dev.weft.fixture.legacy.Counter.count, dev.weft.fixture.legacy.Counter.total, but the agent could"
                + " not weave it: java.lang.IllegalArgumentException: Unsupported class file version " + TOO_NEW),
                message);
    }

    @Test
    void aClassFileNewerThanTheAgentReadsIsLeftAloneWhenItUsesNoSessionField() throws Exception {
        for (String name : new String[] {"dev.weft.fixture.plain.NoSessionFields",
                "dev.weft.fixture.plain.ExtendsCartWithoutAccess"}) {
            byte[] tooNew = ClassFiles.withMajor(ClassFiles.of(name), TOO_NEW);
            assertNull(weaver.transform(new WovenClassLoader(weaver), name.replace('.', '/'), null, null, tooNew));
        }
        assertEquals("", log(), "an unrelated class the agent cannot weave is no error");
    }

    @Test
    void aClassWhoseSuperclassFileCannotBeReadIsRefused() {
        byte[] cart = ClassFiles.of("dev.weft.fixture.shop.Cart");
        WovenClassLoader loader = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(), Map.of(),
                Map.of("dev/weft/fixture/shop/Cart.class", Arrays.copyOf(cart, 30)), Set.of());
        String message = refusal("dev.weft.fixture.special.SpecialCart", loader);
        assertTrue(message.startsWith("Weft refuses to load dev.weft.fixture.special.SpecialCart: it may use session"
                + " fields, but the agent could not tell: field dev.weft.fixture.special.SpecialCart.points could not be"
                + " resolved ("), message);
    }

    @Test
    void aClassTheOptionsExcludeFailsToInitializeIfItUsesASessionField() throws Throwable {
        Weaver excluding = new Weaver(AgentOptions.parse("exclude=dev.weft.fixture.other:dev.weft.fixture.hidden"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        WovenClassLoader loader = new WovenClassLoader(excluding.transformer());
        assertEquals("Weft refuses to load dev.weft.fixture.other.Auditor: it uses session fields"
                + " dev.weft.fixture.shop.Cart.lastOrder, dev.weft.fixture.shop.Cart.note, but the agent's option"
                + " exclude=dev.weft.fixture.other leaves it unwoven; remove dev.weft.fixture.other from exclude=",
                refusal("dev.weft.fixture.other.Auditor", loader));
        Class.forName("dev.weft.fixture.plain.NoSessionFields", true, loader);
        Class.forName("dev.weft.fixture.hidden.Exposed", true, loader); // Base: its field only in its initializer
    }

    @Test
    void aClassOutsideIncludeFailsToInitializeIfItUsesASessionField() throws Throwable {
        Weaver including = new Weaver(AgentOptions.parse("include=dev.weft.fixture.shop"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        WovenClassLoader loader = new WovenClassLoader(including.transformer());
        assertEquals("Weft refuses to load dev.weft.fixture.special.SpecialCart: it uses session field"
                + " dev.weft.fixture.shop.Cart.points, but it is outside the agent's include= option, which leaves it"
                + " unwoven; add dev.weft.fixture.special to include=", refusal("dev.weft.fixture.special.SpecialCart", loader));
        Class.forName("dev.weft.fixture.shop.Cart", true, loader);
        Class.forName("dev.weft.fixture.plain.ExtendsCartWithoutAccess", true, loader);
    }

    @Test
    void aClassWovenForABridgeItsLoaderDoesNotHaveFailsToInitialize() {
        WovenClassLoader withoutRuntime = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(), Map.of(),
                Map.of(), Set.of("dev/weft/session/"));
        String message = refusal("dev.weft.fixture.legacy.Counter", withoutRuntime);
        assertEquals("Weft refuses to load dev.weft.fixture.legacy.Counter: it uses session fields"
                + " dev.weft.fixture.legacy.Counter.count, dev.weft.fixture.legacy.Counter.total, but weft-runtime is not"
                + " on the class path of " + withoutRuntime + " (the agent weaves calls to its bridge, version 1)", message);
        assertTrue(refusal("dev.weft.fixture.shop.Cart", withoutRuntime).endsWith(", but weft-runtime is not on the class"
                + " path of " + withoutRuntime + " (the agent weaves calls to its bridge, version 1)"), "each class");
    }

    @Test
    void aClassWovenForABridgeOfAnotherVersionFailsToInitialize() {
        WovenClassLoader otherRelease = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(), Map.of(),
                Map.of("dev/weft/session/internal/SessionBridge.class", ClassFiles.bridgeOfVersion(2)), Set.of());
        assertEquals("Weft refuses to load dev.weft.fixture.legacy.Counter: it uses session fields"
                + " dev.weft.fixture.legacy.Counter.count, dev.weft.fixture.legacy.Counter.total, but the weft-runtime on"
                + " the class path of " + otherRelease + " has bridge version 2, but this agent weaves calls to bridge"
                + " version 1; use a weft-agent and a weft-runtime of the same release",
                refusal("dev.weft.fixture.legacy.Counter", otherRelease));

        WovenClassLoader olderRelease = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(), Map.of(),
                Map.of("dev/weft/session/internal/SessionBridge.class", ClassFiles.bridgeOfVersion(null)), Set.of());
        assertTrue(refusal("dev.weft.fixture.legacy.Counter", olderRelease).endsWith(", but the weft-runtime on the class"
                + " path of " + olderRelease + " has a bridge without a version, older than the bridge version 1 this"
                + " agent weaves calls to; use a weft-agent and a weft-runtime of the same release"));
    }

    @Test
    void aClassThatDoesNotCallTheBridgeNeedsNone() throws Throwable {
        WovenClassLoader withoutRuntime = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(), Map.of(),
                Map.of(), Set.of("dev/weft/session/"));
        Class.forName("dev.weft.fixture.hidden.Base", true, withoutRuntime); // its field in its initializer only
        Class.forName("dev.weft.fixture.plain.NoSessionFields", true, withoutRuntime);
        assertEquals("", log());
    }
}
