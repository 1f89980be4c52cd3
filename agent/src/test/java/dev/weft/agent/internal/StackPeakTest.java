package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.testing.WovenClassLoader;
import dev.weft.session.NoActiveSessionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every access of a session field at the highest stack of its method, in class files of Java 8,
 * 9 and 10 (which look the field up by class and name, two more words on the stack than a dynamic
 * constant): generated here, woven by the real transformer and verified by the JVM as it links them.
 */
class StackPeakTest {

    private static final String SESSION_SCOPED = "Ldev/weft/annotation/SessionScoped;";
    /** Field name suffix and descriptor: int, long, double and a reference. */
    private static final List<String[]> TYPES = List.of(new String[] {"Int", "I"}, new String[] {"Long", "J"},
            new String[] {"Double", "D"}, new String[] {"Text", "Ljava/lang/String;"});

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /**
     * A class with an instance and a static session field of each type, and for each field a getter
     * and a setter whose only stack is the access itself: the field instruction is at the method's
     * maximum stack.
     */
    private static byte[] accessesAtTheStackPeak(String internalName, int version, boolean maxStackShortByOne) {
        ClassWriter writer = new ClassWriter(maxStackShortByOne ? 0 : ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(1, 1);
        constructor.visitEnd();
        for (String[] type : TYPES) {
            Type value = Type.getType(type[1]);
            for (boolean isStatic : new boolean[] {false, true}) {
                String field = (isStatic ? "static" : "instance") + type[0];
                FieldVisitor fieldVisitor = writer.visitField(isStatic ? Opcodes.ACC_STATIC : 0, field, type[1], null, null);
                fieldVisitor.visitAnnotation(SESSION_SCOPED, true).visitEnd();
                fieldVisitor.visitEnd();
                int access = Opcodes.ACC_PUBLIC | (isStatic ? Opcodes.ACC_STATIC : 0);
                int self = isStatic ? 0 : 1;

                MethodVisitor get = writer.visitMethod(access, "get_" + field, "()" + type[1], null, null);
                get.visitCode();
                if (!isStatic) {
                    get.visitVarInsn(Opcodes.ALOAD, 0);
                }
                get.visitFieldInsn(isStatic ? Opcodes.GETSTATIC : Opcodes.GETFIELD, internalName, field, type[1]);
                get.visitInsn(value.getOpcode(Opcodes.IRETURN));
                get.visitMaxs(value.getSize() - 1, self); // one short: COMPUTE_MAXS or the test says otherwise
                get.visitEnd();

                MethodVisitor set = writer.visitMethod(access, "set_" + field, "(" + type[1] + ")V", null, null);
                set.visitCode();
                if (!isStatic) {
                    set.visitVarInsn(Opcodes.ALOAD, 0);
                }
                set.visitVarInsn(value.getOpcode(Opcodes.ILOAD), self);
                set.visitFieldInsn(isStatic ? Opcodes.PUTSTATIC : Opcodes.PUTFIELD, internalName, field, type[1]);
                set.visitInsn(Opcodes.RETURN);
                set.visitMaxs(self + value.getSize() - 1, self + value.getSize());
                set.visitEnd();
            }
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    private Class<?> load(String name, byte[] classFile) throws ClassNotFoundException {
        Weaver weaver = new Weaver(AgentOptions.defaults(), new PrintStream(log, true, StandardCharsets.UTF_8));
        WovenClassLoader loader = new WovenClassLoader(weaver.transformer(), UnaryOperator.identity(),
                Map.of(name, classFile), Map.of(), Set.of());
        return Class.forName(name, true, loader);
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_8, Opcodes.V9, Opcodes.V10})
    void everyAccessAtTheStackPeakIsVerifiedAndReachesTheBridge(int version) throws Throwable {
        String name = "dev.weft.fixture.peak.Peak" + version;
        Class<?> type = load(name, accessesAtTheStackPeak(name.replace('.', '/'), version, false)); // verified here
        Object instance = type.getConstructor().newInstance();
        int methods = 0;
        for (Method method : type.getDeclaredMethods()) {
            String field = method.getName().substring(4);
            Object target = Modifier.isStatic(method.getModifiers()) ? null : instance;
            Object[] arguments = method.getParameterCount() == 0 ? new Object[0]
                    : new Object[] {defaultOf(method.getParameterTypes()[0])};
            NoActiveSessionException e = assertThrows(NoActiveSessionException.class, () -> {
                try {
                    method.invoke(target, arguments);
                } catch (InvocationTargetException thrown) {
                    throw thrown.getCause();
                }
            }, method::toString);
            assertTrue(e.getMessage().contains(name + "." + field), e.getMessage());
            methods++;
        }
        assertTrue(methods == 16, "get and set of 8 fields: " + methods);
        assertTrue(log.toString(StandardCharsets.UTF_8).isEmpty(), log.toString(StandardCharsets.UTF_8));
    }

    /** The loader verifies what it defines: a method one word short of its stack fails to load. */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V1_8, Opcodes.V10})
    void theLoaderVerifiesTheClassesItDefines(int version) {
        String name = "dev.weft.fixture.peak.Short" + version;
        Throwable error = assertThrows(VerifyError.class,
                () -> load(name, accessesAtTheStackPeak(name.replace('.', '/'), version, true)));
        assertTrue(error.getMessage().contains("stack"), error.getMessage());
    }

    private static Object defaultOf(Class<?> type) {
        return type == int.class ? 0 : type == long.class ? 0L : type == double.class ? 0d : "text";
    }
}
