package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.testing.ClassFiles;
import dev.weft.agent.testing.ClassFiles.Instruction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/** The transformer on class files: what it leaves alone and what it rewrites, instruction by instruction. */
class WeavingTest {

    private static final String BRIDGE = "dev/weft/session/internal/SessionBridge";
    private static final String CART = "dev/weft/fixture/shop/Cart";

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final ClassLoader loader = new ClassLoader("planning", getClass().getClassLoader()) {
    };

    private byte[] weave(String binaryName) throws Exception {
        return weave(AgentOptions.defaults(), binaryName, ClassFiles.of(binaryName));
    }

    private byte[] weave(AgentOptions options, String binaryName, byte[] classFile) throws Exception {
        ClassFileTransformer transformer = new Weaver(options, new PrintStream(log, true, StandardCharsets.UTF_8))
                .transformer();
        return transformer.transform(loader, binaryName.replace('.', '/'), null, null, classFile);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private static List<Instruction> in(byte[] classFile, Predicate<Instruction> filter) {
        return ClassFiles.instructions(classFile).stream().filter(filter).toList();
    }

    private static Predicate<Instruction> method(String prefix) {
        return instruction -> instruction.method().startsWith(prefix);
    }

    private static Predicate<Instruction> text(String prefix) {
        return instruction -> instruction.text().startsWith(prefix);
    }

    @Test
    void aClassWithoutSessionFieldsIsNotTouched() throws Exception {
        assertNull(weave("dev.weft.fixture.plain.NoSessionFields"));
        assertNull(weave("dev.weft.fixture.plain.ExtendsCartWithoutAccess"));
        assertEquals("", log());
    }

    @Test
    void neverWovenClassesAreNotTouched() throws Exception {
        assertNull(weave("java.util.ArrayList"));
        assertNull(weave("dev.weft.session.internal.SessionBridge"));
        assertNull(weave(AgentOptions.parse("include=java.util"), "java.util.ArrayList", ClassFiles.of("java.util.ArrayList")));
        assertEquals("", log());
    }

    @Test
    void aClassTheOptionsLeaveUnwovenIsRefusedIfItUsesSessionFields() throws Exception {
        byte[] excluded = weave(AgentOptions.parse("exclude=dev.weft.fixture.shop"), "dev.weft.fixture.shop.Cart",
                ClassFiles.of("dev.weft.fixture.shop.Cart"));
        assertEquals(List.of("<clinit>()V: INVOKE java/lang/IllegalStateException.<init> (Ljava/lang/String;)V"),
                in(excluded, method("<clinit>").and(text("INVOKE"))).stream().map(Instruction::toString).toList());
        assertTrue(in(excluded, text("INVOKE " + BRIDGE)).isEmpty(), "not woven, refused");
        assertTrue(log().startsWith("[weft] ERROR: it uses session fields dev.weft.fixture.shop.Cart.items,"), log());
        assertTrue(log().contains(", but the agent's option exclude=dev.weft.fixture.shop leaves it unwoven;"
                + " remove dev.weft.fixture.shop from exclude= (dev.weft.fixture.shop.Cart will fail to initialize)"), log());
        assertNotNull(weave(AgentOptions.parse("include=dev.weft.fixture.other"), "dev.weft.fixture.shop.Cart",
                ClassFiles.of("dev.weft.fixture.shop.Cart")));
        assertTrue(log().contains(", but it is outside the agent's include= option, which leaves it unwoven; add"
                + " dev.weft.fixture.shop to include= (dev.weft.fixture.shop.Cart will fail to initialize)"), log());
    }

    @Test
    void aClassTheOptionsLeaveUnwovenIsNotTouchedIfItUsesNoSessionField() throws Exception {
        AgentOptions options = AgentOptions.parse("exclude=dev.weft.fixture.plain:dev.weft.fixture.hidden");
        assertNull(weave(options, "dev.weft.fixture.plain.NoSessionFields", ClassFiles.of("dev.weft.fixture.plain.NoSessionFields")));
        assertNull(weave(options, "dev.weft.fixture.plain.ExtendsCartWithoutAccess",
                ClassFiles.of("dev.weft.fixture.plain.ExtendsCartWithoutAccess")));
        assertNull(weave(options, "dev.weft.fixture.hidden.Base", ClassFiles.of("dev.weft.fixture.hidden.Base")),
                "a declaring class whose fields are used in its own initializers only: plain there anyway");
        assertEquals("", log());
    }

    @Test
    void everyAccessOutsideTheDeclaringClassInitializersGoesThroughTheBridge() throws Exception {
        byte[] woven = weave("dev.weft.fixture.shop.Cart");
        assertNotNull(woven);
        List<Instruction> plainAccesses = in(woven, text("GETFIELD " + CART).or(text("PUTFIELD " + CART))
                .or(text("GETSTATIC " + CART)).or(text("PUTSTATIC " + CART)));
        assertTrue(plainAccesses.stream().allMatch(method("<init>").or(method("<clinit>"))), plainAccesses::toString);
        assertFalse(in(woven, method("<init>").and(text("PUTFIELD " + CART + ".visits I"))).isEmpty());
        assertFalse(in(woven, method("<clinit>").and(text("PUTSTATIC " + CART + ".lastOrder"))).isEmpty());
        assertTrue(in(woven, method("<init>").or(method("<clinit>")).and(text("INVOKE " + BRIDGE))).isEmpty(),
                "the declaring class's initializers keep plain fields");

        assertEquals(List.of("visit()I: INVOKE " + BRIDGE + ".getInt (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)I",
                        "visit()I: INVOKE " + BRIDGE + ".setInt (Ljava/lang/Object;ILdev/weft/session/internal/SessionField;)V"),
                in(woven, method("visit()").and(text("INVOKE"))).stream().map(Instruction::toString).toList());
        assertEquals(2, in(woven, method("visit()").and(text("LDC condy visits " + BRIDGE + ".field L" + CART + "; visits")))
                .size());
        assertFalse(in(woven, method("add(").and(text("INVOKE " + BRIDGE + ".getReference"))).isEmpty());
        assertFalse(in(woven, method("order(").and(text("INVOKE " + BRIDGE + ".setReference"))).isEmpty());
        assertFalse(in(woven, method("order(").and(text("INVOKE " + BRIDGE + ".setInt"))).isEmpty());
        assertFalse(in(woven, method("addTwoPoints(").and(text("INVOKE " + BRIDGE + ".setLong"))).isEmpty());
    }

    @Test
    void weavingTwiceChangesNothing() throws Exception {
        // Tests that install the agent leave it installed: classes woven by a test's own
        // transformer may pass through it again.
        for (String name : List.of("dev.weft.fixture.shop.Cart", "dev.weft.fixture.shop.Primitives",
                "dev.weft.fixture.other.Auditor", "dev.weft.fixture.refused.ThreadField")) {
            byte[] once = weave(name);
            byte[] twice = weave(AgentOptions.defaults(), name, once);
            assertEquals(ClassFiles.instructions(once), twice == null ? ClassFiles.instructions(once)
                    : ClassFiles.instructions(twice), name);
        }
    }

    @Test
    void lambdaBodiesAreWoven() throws Exception {
        byte[] woven = weave("dev.weft.fixture.shop.Cart");
        List<Instruction> lambdaCalls = in(woven, method("lambda$").and(text("INVOKE " + BRIDGE)));
        assertTrue(lambdaCalls.stream().anyMatch(text("INVOKE " + BRIDGE + ".setInt")), lambdaCalls::toString);
        assertTrue(lambdaCalls.stream().anyMatch(text("INVOKE " + BRIDGE + ".getReference")), lambdaCalls::toString);
    }

    @Test
    void nestmatesAreWoven() throws Exception {
        byte[] line = weave("dev.weft.fixture.shop.Cart$Line");
        assertTrue(in(line, text("GETFIELD " + CART + ".items")).isEmpty());
        assertEquals(2, in(line, method("addTwice").and(text("INVOKE " + BRIDGE + ".getReference"))).size());
        byte[] orders = weave("dev.weft.fixture.shop.Cart$Orders");
        assertEquals(List.of("reset()V: INVOKE " + BRIDGE + ".setInt (Ljava/lang/Object;ILdev/weft/session/internal/SessionField;)V"),
                in(orders, text("INVOKE " + BRIDGE)).stream().map(Instruction::toString).toList());
    }

    @Test
    void aFieldNamedThroughASubclassIsTheDeclaringClassField() throws Exception {
        byte[] special = weave("dev.weft.fixture.special.SpecialCart");
        assertTrue(in(special, text("GETFIELD")).isEmpty());
        assertTrue(in(special, text("PUTFIELD")).isEmpty());
        assertEquals(3, in(special, text("LDC condy points " + BRIDGE + ".field L" + CART + "; points")).size());

        byte[] auditor = weave("dev.weft.fixture.other.Auditor");
        assertTrue(in(auditor, text("GETSTATIC dev/weft/fixture/special/SpecialCart.lastOrder")).isEmpty());
        assertTrue(in(auditor, text("PUTFIELD dev/weft/fixture/special/SpecialCart.note")).isEmpty());
        assertFalse(in(auditor, method("lastOrderThroughSubclass").and(text("LDC condy lastOrder " + BRIDGE
                + ".field L" + CART + "; lastOrder"))).isEmpty());
    }

    @Test
    void aDeclaringClassTheCodeMayNotNameIsReachedThroughTheClassItNamed() throws Exception {
        byte[] peeker = weave("dev.weft.fixture.other.Peeker");
        List<Instruction> raise = in(peeker, method("raise"));
        assertEquals(2, raise.stream().filter(text("LDC condy level " + BRIDGE
                + ".field Ldev/weft/fixture/hidden/Exposed; level")).count(), raise::toString);
        assertTrue(raise.stream().noneMatch(text("Base")), raise::toString);
        assertTrue(raise.stream().noneMatch(text("forName")), raise::toString);
    }

    @Test
    void constructorsOfOtherClassesAreWoven() throws Exception {
        byte[] receipt = weave("dev.weft.fixture.other.Receipt");
        List<Instruction> constructor = in(receipt, method("<init>"));
        assertTrue(constructor.stream().noneMatch(text("GETSTATIC " + CART)), constructor::toString);
        assertTrue(constructor.stream().noneMatch(text("GETFIELD " + CART)), constructor::toString);
        assertTrue(constructor.stream().anyMatch(text("INVOKE " + BRIDGE + ".getReference")), constructor::toString);
        assertTrue(constructor.stream().anyMatch(text("PUTFIELD dev/weft/fixture/other/Receipt.order")),
                "plain fields stay plain");
    }

    @Test
    void aSubclassConstructorKeepsItsOwnObjectsInheritedSessionFieldsPlain() throws Exception {
        byte[] premium = weave("dev.weft.fixture.special.PremiumCart");
        String self = "dev/weft/fixture/special/PremiumCart";
        List<Instruction> gold = in(premium, method("<init>(Z)V"));
        assertEquals(List.of("PUTFIELD " + self + ".points J", "GETFIELD " + self + ".points J",
                "PUTFIELD " + self + ".points J", "PUTFIELD " + self + ".note Ljava/lang/String;"),
                gold.stream().map(Instruction::text).filter(text -> text.contains("FIELD")).toList());
        assertTrue(gold.stream().noneMatch(text("INVOKE " + BRIDGE)), gold::toString);
        List<Instruction> level = in(premium, method("<init>(I)V"));
        assertTrue(level.stream().anyMatch(text("PUTFIELD " + self + ".points J")), level::toString);
        assertTrue(level.stream().noneMatch(text("INVOKE " + BRIDGE)), level::toString);
        List<Instruction> other = in(premium, method("<init>(L"));
        assertTrue(other.stream().anyMatch(text("INVOKE " + BRIDGE + ".setReference")), "another object's field: " + other);
        assertTrue(other.stream().noneMatch(text("PUTFIELD")), other::toString);
    }

    @Test
    void aConstructorThatOverwritesLocal0AfterUsingItIsRefusedNotGuessed() throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        String name = "dev/weft/fixture/generated/Rebinding";
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, CART, null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(L" + CART + ";)V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, CART, "<init>", "()V", false);
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitLdcInsn("mine");
        constructor.visitFieldInsn(Opcodes.PUTFIELD, name, "note", "Ljava/lang/String;");
        constructor.visitVarInsn(Opcodes.ALOAD, 1);
        constructor.visitVarInsn(Opcodes.ASTORE, 0);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        writer.visitEnd();
        byte[] refused = weave(AgentOptions.defaults(), name, writer.toByteArray());
        assertFalse(in(refused, method("<clinit>").and(text("INVOKE java/lang/IllegalStateException"))).isEmpty());
        assertTrue(log().contains("it uses session field dev.weft.fixture.shop.Cart.note, but the agent could not weave"
                + " it: java.lang.IllegalStateException: cannot tell the object under construction in a constructor of"
                + " dev.weft.fixture.generated.Rebinding: local 0 is written after an instruction acted on it"), log());
    }

    @Test
    void everyPrimitiveTypeHasItsOwnBridgeMethod() throws Exception {
        byte[] woven = weave("dev.weft.fixture.shop.Primitives");
        for (String kind : List.of("Boolean", "Byte", "Char", "Short", "Int", "Long", "Float", "Double")) {
            assertFalse(in(woven, method("bump()").and(text("INVOKE " + BRIDGE + ".get" + kind))).isEmpty(), kind);
            assertFalse(in(woven, method("bump()").and(text("INVOKE " + BRIDGE + ".set" + kind))).isEmpty(), kind);
            assertFalse(in(woven, method("bumpStatic()").and(text("INVOKE " + BRIDGE + ".get" + kind))).isEmpty(), kind);
            assertFalse(in(woven, method("bumpStatic()").and(text("INVOKE " + BRIDGE + ".set" + kind))).isEmpty(), kind);
        }
    }

    @Test
    void classFilesBeforeJava11LookTheFieldUpByClass() throws Exception {
        String counter = "dev.weft.fixture.legacy.Counter";
        byte[] woven = weave(AgentOptions.defaults(), counter, ClassFiles.withVersion(ClassFiles.of(counter), Opcodes.V1_8));
        List<Instruction> increment = in(woven, method("increment"));
        assertTrue(increment.stream().noneMatch(text("LDC condy")), increment::toString);
        assertEquals(4, increment.stream().filter(text("INVOKE " + BRIDGE + ".field (Ljava/lang/Class;Ljava/lang/String;)"))
                .count(), increment::toString);
        assertEquals(4, increment.stream().filter(text("LDC class dev/weft/fixture/legacy/Counter")).count());
    }

    @Test
    void verboseLogsEachWovenClassWithItsFields() throws Exception {
        weave(AgentOptions.parse("verbose"), "dev.weft.fixture.special.SpecialCart",
                ClassFiles.of("dev.weft.fixture.special.SpecialCart"));
        assertEquals("[weft] wove dev.weft.fixture.special.SpecialCart: dev.weft.fixture.shop.Cart.points",
                log().strip());
    }

    @Test
    void aSessionFieldWhoseDeclaringClassIsExcludedIsWovenWhereItIsUsed() throws Exception {
        AgentOptions options = AgentOptions.parse("exclude=dev.weft.fixture.shop");
        byte[] auditor = weave(options, "dev.weft.fixture.other.Auditor", ClassFiles.of("dev.weft.fixture.other.Auditor"));
        assertFalse(in(auditor, text("INVOKE " + BRIDGE + ".getReference")).isEmpty());
        assertEquals("", log());
    }

    @Test
    void quietByDefault() throws Exception {
        assertNotNull(weave("dev.weft.fixture.shop.Cart"));
        assertEquals("", log());
    }

    @Test
    void aClassThatCannotBeReadBeyondItsConstantPoolIsRefusedWithItsName() throws Exception {
        byte[] auditor = ClassFiles.of("dev.weft.fixture.other.Auditor");
        byte[] broken = Arrays.copyOf(auditor, auditor.length - 40); // constant pool intact, methods cut off
        byte[] refused = weave(AgentOptions.defaults(), "dev.weft.fixture.other.Auditor", broken);
        assertNotNull(refused, "not left to run with plain fields");
        assertTrue(log().startsWith("[weft] ERROR: it uses session fields dev.weft.fixture.shop.Cart.lastOrder,"
                + " dev.weft.fixture.shop.Cart.note, but the agent could not weave it: "), log());
        assertTrue(log().contains(" (dev.weft.fixture.other.Auditor will fail to initialize)"), log());
        assertEquals(1, log().split("ERROR").length - 1, "reported once: " + log());
        assertEquals(List.of("<clinit>()V: INVOKE java/lang/IllegalStateException.<init> (Ljava/lang/String;)V"),
                ClassFiles.instructions(refused).stream().map(Instruction::toString).toList(),
                "a class of that name that only refuses to initialize");
    }

    @Test
    void aRefusedFieldIsReportedAndItsClassGetsAFailingInitializer() throws Exception {
        byte[] woven = weave("dev.weft.fixture.refused.ThreadField");
        assertNotNull(woven);
        assertTrue(log().contains("[weft] ERROR: field dev.weft.fixture.refused.ThreadField.worker cannot be"
                + " @SessionScoped: its type java.lang.Thread is a live resource"), log());
        assertFalse(in(woven, method("<clinit>").and(text("INVOKE java/lang/IllegalStateException.<init>"))).isEmpty());
    }
}
