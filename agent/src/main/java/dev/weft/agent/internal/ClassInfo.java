package dev.weft.agent.internal;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;

/**
 * What planning needs to know of a class, read from its class file (never by loading it): its
 * access flags, supertypes, whether it is a {@code @FunctionalInterface}, and its fields with their
 * access flags and whether they are {@code @SessionScoped}. Code is never read.
 */
final class ClassInfo {

    private static final String FUNCTIONAL_INTERFACE_DESCRIPTOR = "Ljava/lang/FunctionalInterface;";
    private static final String[] NO_INTERFACES = new String[0];

    /**
     * A field the class declares. Access flags are tested with {@link Modifier}, which has the class
     * file's values: naming ASM's {@code Opcodes} here left an unrelocated entry in the constant
     * pool of the shaded record.
     */
    record Field(String name, String descriptor, String signature, int access, boolean sessionScoped) {

        boolean isStatic() {
            return Modifier.isStatic(access);
        }

        boolean isFinal() {
            return Modifier.isFinal(access);
        }

        /** The name of the type variable that is the field's declared type ({@code T}), or null. */
        String typeVariable() {
            return signature != null && signature.charAt(0) == 'T' ? signature.substring(1, signature.length() - 1) : null;
        }
    }

    /** {@code ACC_ENUM}, which {@link Modifier} does not name. */
    private static final int ENUM = 0x4000;

    private final String name;
    private final int access;
    private final String superName;
    private final String[] interfaces;
    private final boolean functionalInterface;
    private final List<Field> fields;

    private ClassInfo(String name, int access, String superName, String[] interfaces, boolean functionalInterface,
            List<Field> fields) {
        this.name = name;
        this.access = access;
        this.superName = superName;
        this.interfaces = interfaces;
        this.functionalInterface = functionalInterface;
        this.fields = fields;
    }

    /**
     * Reads a class file's header, class annotations and fields, whatever its version.
     *
     * @throws IllegalArgumentException or another runtime exception if the bytes are not a class
     *     file ASM can read
     */
    static ClassInfo of(byte[] classFile) {
        Reading reading = new Reading();
        ClassFileScan.structureReader(classFile).accept(reading, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                | ClassReader.SKIP_FRAMES);
        return new ClassInfo(reading.name, reading.access, reading.superName,
                reading.interfaces == null ? NO_INTERFACES : reading.interfaces, reading.functionalInterface,
                List.copyOf(reading.fields));
    }

    /** Internal name. */
    String name() {
        return name;
    }

    boolean isPublic() {
        return Modifier.isPublic(access);
    }

    boolean isInterface() {
        return Modifier.isInterface(access);
    }

    /** Whether the class is abstract (interfaces are, and so is an enum whose constants have bodies). */
    boolean isAbstract() {
        return Modifier.isAbstract(access);
    }

    boolean isEnum() {
        return (access & ENUM) != 0;
    }

    /** Internal name of the superclass, or null ({@code java/lang/Object}, module-info). */
    String superName() {
        return superName;
    }

    /** Internal names of the direct superinterfaces. */
    List<String> interfaces() {
        return List.of(interfaces);
    }

    /** Whether the class is annotated {@code @FunctionalInterface}. */
    boolean isFunctionalInterface() {
        return functionalInterface;
    }

    /** The field this class declares with this name and descriptor, or null. */
    Field field(String fieldName, String descriptor) {
        for (Field field : fields) {
            if (field.name().equals(fieldName) && field.descriptor().equals(descriptor)) {
                return field;
            }
        }
        return null;
    }

    /** Every field the class declares, in class file order. */
    List<Field> fields() {
        return fields;
    }

    /** Collects the parts of a class file {@link ClassInfo} keeps; skips everything else. */
    private static final class Reading extends ClassVisitor {
        String name;
        int access;
        String superName;
        String[] interfaces;
        boolean functionalInterface;
        final List<Field> fields = new ArrayList<>();

        Reading() {
            super(ClassFileScan.ASM_API);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.name = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            functionalInterface |= descriptor.equals(FUNCTIONAL_INTERFACE_DESCRIPTOR);
            return null;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return new FieldVisitor(ClassFileScan.ASM_API) {
                private boolean sessionScoped;

                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    sessionScoped |= annotation.equals(Bridge.SESSION_SCOPED_DESCRIPTOR);
                    return null;
                }

                @Override
                public void visitEnd() {
                    fields.add(new Field(name, descriptor, signature, access, sessionScoped));
                }
            };
        }
    }
}
