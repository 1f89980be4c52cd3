package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    /**
     * Classes defined from bytes (in-memory compilers, plugin loaders): {@code B} reads {@code
     * a.note} through {@code generated.A}, a subclass of {@code Cart} whose class file its loader
     * cannot serve, so the agent cannot tell that {@code note} is {@code Cart}'s session field.
     */
    @Test
    void aClassUsingAFieldThroughAClassWithoutAClassFileFailsToInitialize() throws Throwable {
        WovenClassLoader loader = WovenClassLoader.definingFromBytesOnly(weaver.transformer(), Map.of(
                "dev.weft.fixture.generated.A", ClassFiles.accessing("dev/weft/fixture/generated/A",
                        "dev/weft/fixture/shop/Cart"),
                "dev.weft.fixture.generated.B", ClassFiles.accessing("dev/weft/fixture/generated/B",
                        "java/lang/Object", new ClassFiles.FieldAccess(false, "dev/weft/fixture/generated/A", "note",
                                "Ljava/lang/String;"))));
        assertNull(loader.getResourceAsStream("dev/weft/fixture/generated/A.class"), "the loader has no class file");
        Class.forName("dev.weft.fixture.generated.A", true, loader);
        String message = refusal("dev.weft.fixture.generated.B", loader);
        assertEquals("Weft refuses to load dev.weft.fixture.generated.B: it may use session fields, but the agent could"
                + " not tell: field dev.weft.fixture.generated.A.note could not be resolved (no class file for"
                + " dev.weft.fixture.generated.A in its class loader: the agent cannot tell whether it is a session"
                + " field)", message);
        assertTrue(log().startsWith("[weft] ERROR: it may use session fields, but the agent could not tell: field"
                + " dev.weft.fixture.generated.A.note could not be resolved (no class file for"
                + " dev.weft.fixture.generated.A in its class loader"), log());
        assertTrue(log().contains("(dev.weft.fixture.generated.B will fail to initialize)"), log());

        // Outside include= too: both causes, since including it would not be enough. Checked on the
        // weaver's answer, not by loading: an agent installed in this JVM by another test weaves the
        // class again, with its own options.
        ByteArrayOutputStream includingLog = new ByteArrayOutputStream();
        Weaver including = new Weaver(AgentOptions.parse("include=dev.weft.fixture.shop"),
                new PrintStream(includingLog, true, StandardCharsets.UTF_8));
        assertNotNull(including.transform(loader, "dev/weft/fixture/generated/B", null, null,
                ClassFiles.accessing("dev/weft/fixture/generated/B", "java/lang/Object", new ClassFiles.FieldAccess(
                        false, "dev/weft/fixture/generated/A", "note", "Ljava/lang/String;"))));
        assertEquals("[weft] ERROR: " + message.substring(message.indexOf(": ") + 2) + "; and it is outside the"
                + " agent's include= option, which leaves it unwoven; add dev.weft.fixture.generated to include="
                + " (dev.weft.fixture.generated.B will fail to initialize)" + System.lineSeparator(),
                includingLog.toString(StandardCharsets.UTF_8));
    }

    /**
     * Without class files for the generated classes, what the agent can tell is as before: fields
     * of the class itself (in hand), of JDK and other never-woven classes, of array types (which
     * have none), and inherited through a class whose file the loader has.
     */
    @Test
    void aClassWithoutAClassFileThatUsesFieldsTheAgentCanTellOfStillLoads() throws Throwable {
        String self = "dev/weft/fixture/generated/C";
        String subclass = "dev/weft/fixture/generated/D";
        byte[] ownAndJdk = ClassFiles.accessing(self, "java/lang/Object",
                new ClassFiles.FieldAccess(false, self, "own", "Ljava/lang/String;"),
                new ClassFiles.FieldAccess(true, self, "ownStatic", "I"),
                new ClassFiles.FieldAccess(true, "java/lang/System", "out", "Ljava/io/PrintStream;"),
                new ClassFiles.FieldAccess(true, "com/hazelcast/NoSuchClass", "x", "I"));
        byte[] inheritsFromCart = ClassFiles.accessing(subclass, "dev/weft/fixture/shop/Cart",
                new ClassFiles.FieldAccess(false, subclass, "own", "Ljava/lang/String;"),
                new ClassFiles.FieldAccess(false, subclass, "note", "Ljava/lang/String;"));
        WovenClassLoader loader = WovenClassLoader.definingFromBytesOnly(weaver.transformer(), Map.of(
                "dev.weft.fixture.generated.C", ownAndJdk, "dev.weft.fixture.generated.D", inheritsFromCart));
        assertNull(weaver.transform(loader, self, null, null, ownAndJdk), "nothing to weave");
        Class.forName("dev.weft.fixture.generated.C", true, loader);
        Class.forName("dev.weft.fixture.generated.D", true, loader); // woven: Cart.note, through D
        assertTrue(ClassFiles.instructions(weaver.transform(loader, subclass, null, null, inheritsFromCart)).stream()
                .noneMatch(instruction -> instruction.text().startsWith("GETFIELD " + subclass + ".note")),
                "D's read of Cart.note is woven");

        String array = "dev/weft/fixture/generated/E";
        byte[] arrayOwner = ClassFiles.accessing(array, "java/lang/Object",
                new ClassFiles.FieldAccess(false, "[Ldev/weft/fixture/generated/E;", "own", "Ljava/lang/String;"));
        assertNull(weaver.transform(WovenClassLoader.definingFromBytesOnly(weaver.transformer(),
                Map.of("dev.weft.fixture.generated.E", arrayOwner)), array, null, null, arrayOwner), "no array has fields");
        assertEquals("", log());
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
