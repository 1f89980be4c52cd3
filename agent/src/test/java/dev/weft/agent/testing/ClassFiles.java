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
