package dev.weft.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

/** Class files of test fixtures, read without loading them, and what their methods do. */
public final class ClassFiles {

    private ClassFiles() {
    }

    /** The class file of {@code binaryName}, from the test class path. */
    public static byte[] of(String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = ClassFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same class file with another major version (no other change). */
    public static byte[] withVersion(byte[] classFile, int version) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {
            @Override
            public void visit(int ignored, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(version, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }

    /** The class file's major version. */
    public static int major(byte[] classFile) {
        return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    /** The same bytes with another major version, however new: ASM reads no class file newer than it knows. */
    public static byte[] withMajor(byte[] classFile, int major) {
        byte[] copy = classFile.clone();
        copy[6] = (byte) (major >>> 8);
        copy[7] = (byte) major;
        return copy;
    }

    /**
     * A Java 17 class {@code internalName} with an instance session field {@code count} and a
     * method {@code sum()} that reads it 13,000 times: 65,003 bytes of code, under the JVM's limit
     * of 65,535, and well over it once each read calls the bridge.
     */
    public static byte[] tooLargeOnceWoven(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        writer.visitField(0, "count", "I", null, null).visitAnnotation("Ldev/weft/annotation/SessionScoped;", true)
                .visitEnd();
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        MethodVisitor sum = writer.visitMethod(Opcodes.ACC_PUBLIC, "sum", "()I", null, null);
        sum.visitCode();
        sum.visitInsn(Opcodes.ICONST_0);
        for (int i = 0; i < 13_000; i++) {
            sum.visitVarInsn(Opcodes.ALOAD, 0);
            sum.visitFieldInsn(Opcodes.GETFIELD, internalName, "count", "I");
            sum.visitInsn(Opcodes.IADD);
        }
        sum.visitInsn(Opcodes.IRETURN);
        sum.visitMaxs(0, 0);
        sum.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A field instruction: {@code GETSTATIC} if {@code isStatic}, else {@code GETFIELD} on {@code
     * null} (the class loads and verifies; the instruction is never run).
     */
    public record FieldAccess(boolean isStatic, String owner, String name, String descriptor) {
    }

    /**
     * A public Java 17 class {@code internalName} extending {@code superName}, with a public
     * constructor that calls the superclass's, a public instance field {@code String own} and a
     * public static field {@code int ownStatic}, and a static method {@code touch()} that makes
     * each of these field accesses (never called), and no static initializer.
     */
    public static byte[] accessing(String internalName, String superName, FieldAccess... accesses) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, superName, null);
        writer.visitField(Opcodes.ACC_PUBLIC, "own", "Ljava/lang/String;", null, null).visitEnd();
        writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "ownStatic", "I", null, null).visitEnd();
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        MethodVisitor touch = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "touch", "()V", null, null);
        touch.visitCode();
        for (FieldAccess access : accesses) {
            if (access.isStatic()) {
                touch.visitFieldInsn(Opcodes.GETSTATIC, access.owner(), access.name(), access.descriptor());
            } else {
                touch.visitInsn(Opcodes.ACONST_NULL);
                touch.visitFieldInsn(Opcodes.GETFIELD, access.owner(), access.name(), access.descriptor());
            }
            touch.visitInsn(access.descriptor().equals("J") || access.descriptor().equals("D") ? Opcodes.POP2
                    : Opcodes.POP);
        }
        touch.visitInsn(Opcodes.RETURN);
        touch.visitMaxs(0, 0);
        touch.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A class file {@code dev/weft/session/internal/SessionBridge} with nothing but a {@code public
     * static final int VERSION} of this value, or without it if {@code version} is null: the bridge
     * of another release of weft-runtime, as the agent reads it.
     */
    public static byte[] bridgeOfVersion(Integer version) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                "dev/weft/session/internal/SessionBridge", null, "java/lang/Object", null);
        if (version != null) {
            writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "VERSION", "I", null, version)
                    .visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** One instruction of interest, as {@code method: OPCODE owner.name descriptor}. */
    public record Instruction(String method, String text) {
        @Override
        public String toString() {
            return method + ": " + text;
        }
    }

    /** Field instructions, method calls, {@code ldc} of dynamic constants and class literals of a class file. */
    public static List<Instruction> instructions(byte[] classFile) {
        List<Instruction> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                String method = name + descriptor;
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String type) {
                        String op = switch (opcode) {
                            case Opcodes.GETFIELD -> "GETFIELD";
                            case Opcodes.PUTFIELD -> "PUTFIELD";
                            case Opcodes.GETSTATIC -> "GETSTATIC";
                            default -> "PUTSTATIC";
                        };
                        found.add(new Instruction(method, op + " " + owner + "." + field + " " + type));
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String type,
                            boolean isInterface) {
                        found.add(new Instruction(method, "INVOKE " + owner + "." + called + " " + type));
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof ConstantDynamic constant) {
                            found.add(new Instruction(method, "LDC condy " + constant.getName() + " "
                                    + constant.getBootstrapMethod().getOwner() + "."
                                    + constant.getBootstrapMethod().getName() + " "
                                    + constant.getBootstrapMethodArgument(0) + " "
                                    + constant.getBootstrapMethodArgument(1)));
                        } else if (value instanceof net.bytebuddy.jar.asm.Type type) {
                            found.add(new Instruction(method, "LDC class " + type.getInternalName()));
                        }
                    }
                };
            }
        }, 0);
        return found;
    }
}
