package dev.weft.agent.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites the four field instructions that name a session field into calls to the runtime's
 * bridge, following a {@link WeavingPlan}.
 *
 * <p>Why a plain ASM visitor rather than Byte Buddy's {@code MemberSubstitution}: the rewrite is
 * one instruction for a fixed, short sequence with no branches, so stack map frames stay valid and
 * nothing in a method but its maximum stack size changes; the visitor sees every method (synthetic
 * lambda bodies and nestmate accessors included) and keeps the declaring class's own constructors
 * and static initializer apart by name, and, in other constructors, the instructions on the object
 * under construction ({@link ObjectUnderConstruction}); and it cannot pass the field's real value where the bridge
 * expects the owner, a mistake seen with substitution chains. The constant pool's entries, the
 * other methods and everything else stay as they were: nothing is renamed, and nothing is added
 * but, to a class that must not load, a static initializer that throws (in place of its own).
 * Retransformation, which may change method bodies only, uses the same weaving and never refuses
 * a class: a loaded class has already initialized.
 */
final class SessionFieldWeaving {

    private static final int FIRST_VERSION_WITH_CLASS_CONSTANTS = Opcodes.V1_5;
    private static final int FIRST_VERSION_WITH_DYNAMIC_CONSTANTS = Opcodes.V11;

    private final WeavingPlan plan;
    /** The session fields the woven class reaches through the bridge, once it is written. */
    private Set<String> wovenFields = Set.of();
    /** Whether any instruction or initializer was rewritten. */
    private boolean changed;

    SessionFieldWeaving(WeavingPlan plan) {
        this.plan = plan;
    }

    /** Names of the session fields the woven class now reaches through the bridge, once it is written. */
    Set<String> wovenFields() {
        return wovenFields;
    }

    /**
     * The woven class file. The writer shares the reader's constant pool (so weaving a woven class
     * again changes nothing) and computes no frames: the rewrite keeps the stack's shape at every
     * instruction boundary, so the existing frames stay valid.
     *
     * @return the woven class file, or null if nothing in it had to change (its only session field
     *     accesses are in its own initializers)
     * @throws IllegalArgumentException or another runtime exception if the class file cannot be
     *     woven (newer than ASM reads, a method too large once woven, ...)
     */
    byte[] weave(byte[] classFile) {
        return write(ClassFileScan.reader(classFile));
    }

    private byte[] write(ClassReader reader) {
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(wrap(writer), 0);
        return changed ? writer.toByteArray() : null;
    }

    /**
     * The class file with a static initializer that throws an {@link IllegalStateException}
     * ({@code Weft refuses to load <class>: <reasons>}) in place of its own, and nothing else
     * changed: every other method is copied unread, so this works for class files whose code the
     * weaving cannot read. A class file that cannot be read even so becomes a class of that name
     * with nothing but the throwing initializer. Never throws.
     */
    static byte[] refuse(byte[] classFile, String className, List<String> reasons) {
        SessionFieldWeaving refusal = new SessionFieldWeaving(WeavingPlan.refusing(className, reasons));
        try {
            return refusal.write(ClassFileScan.structureReader(classFile));
        } catch (RuntimeException unreadable) {
            ClassWriter writer = new ClassWriter(0);
            writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, className, null, "java/lang/Object", null);
            refusal.addRefusingInitializer(writer);
            writer.visitEnd();
            return writer.toByteArray();
        }
    }

    /** A visitor that weaves one class into {@code classVisitor} (a {@code ClassWriter}). */
    ClassVisitor wrap(ClassVisitor classVisitor) {
        return new WeavingClassVisitor(classVisitor);
    }

    private final class WeavingClassVisitor extends ClassVisitor {

        private final Set<String> woven = new TreeSet<>();
        private int version;

        WeavingClassVisitor(ClassVisitor classVisitor) {
            super(ClassFileScan.ASM_API, classVisitor);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.version = version & 0xFFFF;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            if (name.equals("<clinit>") && refusesToInitialize()) {
                return null; // dropped unread; visitEnd adds the refusing one
            }
            MethodVisitor methodVisitor = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (methodVisitor == null || !plan.rewritesAccesses()) {
                return methodVisitor; // the writer's own visitor: the method is copied as it is, unread
            }
            boolean initializer = name.equals("<init>") || name.equals("<clinit>");
            FieldAccessRewriter rewriter = new FieldAccessRewriter(methodVisitor, initializer, this);
            if (name.equals("<init>") && plan.usesInstanceFieldsDeclaredElsewhere()) {
                rewriter.objectUnderConstruction = new ObjectUnderConstruction(plan.className(), rewriter);
                return rewriter.objectUnderConstruction;
            }
            return rewriter;
        }

        @Override
        public void visitEnd() {
            if (refusesToInitialize()) {
                changed = true;
                addRefusingInitializer(cv);
            }
            super.visitEnd();
            wovenFields = woven;
        }

        /**
         * A class that declares a field which cannot be a session value, or that cannot be woven,
         * must not run: its static initializer throws instead. Only on first load; a loaded class
         * has already initialized.
         */
        private boolean refusesToInitialize() {
            return !plan.refusals().isEmpty() && !plan.retransforming();
        }
    }

    /** Adds a static initializer that throws the plan's refusals, and nothing else. */
    private void addRefusingInitializer(ClassVisitor classVisitor) {
        MethodVisitor initializer = classVisitor.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        initializer.visitCode();
        initializer.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        initializer.visitInsn(Opcodes.DUP);
        initializer.visitLdcInsn("Weft refuses to load " + plan.className().replace('/', '.') + ": "
                + String.join("; ", plan.refusals()));
        initializer.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false);
        initializer.visitInsn(Opcodes.ATHROW);
        initializer.visitMaxs(3, 0);
        initializer.visitEnd();
    }

    /** Rewrites the field instructions of one method. */
    private final class FieldAccessRewriter extends MethodVisitor {

        private final boolean initializer;
        private final WeavingClassVisitor owner;
        /** In a constructor that may use an inherited session field: which instructions act on {@code this}. */
        ObjectUnderConstruction objectUnderConstruction;
        /** The most any rewrite in this method grows the stack above its height before the instruction. */
        private int extraStack;

        FieldAccessRewriter(MethodVisitor methodVisitor, boolean initializer, WeavingClassVisitor owner) {
            super(ClassFileScan.ASM_API, methodVisitor);
            this.initializer = initializer;
            this.owner = owner;
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            WeavingPlan.SessionField field = plan.sessionField(fieldOwner, name, descriptor);
            if (field == null || initializer && field.declaringClass().equals(plan.className())
                    || objectUnderConstruction != null && objectUnderConstruction.ownerIsThis()) {
                // not a session field; the declaring class making its default; or a constructor
                // making the default of the object it constructs: a plain field
                super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                return;
            }
            changed = true;
            extraStack = Math.max(extraStack, extraStack(opcode));
            owner.woven.add(field.displayName());
            String kind = Bridge.kind(descriptor);
            switch (opcode) {
                case Opcodes.GETSTATIC -> {
                    super.visitInsn(Opcodes.ACONST_NULL);
                    get(field, fieldOwner, kind, descriptor);
                }
                case Opcodes.GETFIELD -> get(field, fieldOwner, kind, descriptor);
                case Opcodes.PUTSTATIC -> {
                    super.visitInsn(Opcodes.ACONST_NULL); // the null owner goes under the value
                    if (Bridge.isWide(descriptor)) {
                        super.visitInsn(Opcodes.DUP_X2);
                        super.visitInsn(Opcodes.POP);
                    } else {
                        super.visitInsn(Opcodes.SWAP);
                    }
                    set(field, fieldOwner, kind, descriptor);
                }
                case Opcodes.PUTFIELD -> set(field, fieldOwner, kind, descriptor);
                default -> throw new IllegalArgumentException("not a field instruction: " + opcode);
            }
        }

        /** {@code owner -> value}. */
        private void get(WeavingPlan.SessionField field, String namedOwner, String kind, String descriptor) {
            pushSessionField(field, namedOwner);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Bridge.INTERNAL_NAME, "get" + kind,
                    Bridge.getterDescriptor(descriptor), false);
            if (kind.equals("Reference") && !descriptor.equals("Ljava/lang/Object;")) {
                super.visitTypeInsn(Opcodes.CHECKCAST, Type.getType(descriptor).getInternalName());
            }
        }

        /** {@code owner, value -> }. */
        private void set(WeavingPlan.SessionField field, String namedOwner, String kind, String descriptor) {
            pushSessionField(field, namedOwner);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Bridge.INTERNAL_NAME, "set" + kind,
                    Bridge.setterDescriptor(descriptor), false);
        }

        /**
         * Pushes the field's {@code SessionField}: a dynamic constant, resolved once per class, where
         * the class file allows one; else a cached lookup by class. The class named is the declaring
         * class where this code may name it, else the class the instruction named (a public subclass
         * of a package-private declaring class, say), from which the bridge finds the field upwards.
         */
        private void pushSessionField(WeavingPlan.SessionField field, String namedOwner) {
            String named = field.declaringClassAccessibleFrom(plan.className()) ? field.declaringClass() : namedOwner;
            if (owner.version >= FIRST_VERSION_WITH_DYNAMIC_CONSTANTS) {
                super.visitLdcInsn(new ConstantDynamic(field.name(), Bridge.FIELD_DESCRIPTOR, Bridge.CONSTANT_BOOTSTRAP,
                        Type.getObjectType(named), field.name()));
                return;
            }
            if (owner.version >= FIRST_VERSION_WITH_CLASS_CONSTANTS) {
                super.visitLdcInsn(Type.getObjectType(named));
            } else {
                super.visitLdcInsn(named.replace('/', '.'));
                super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                        "(Ljava/lang/String;)Ljava/lang/Class;", false);
            }
            super.visitLdcInsn(field.name());
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Bridge.INTERNAL_NAME, Bridge.FIELD_METHOD,
                    Bridge.FIELD_LOOKUP_DESCRIPTOR, false);
        }

        /**
         * How far the rewrite of {@code opcode} grows the stack above its height before the
         * instruction: the null owner of a static field (one word), under the {@code SessionField},
         * which takes one word as a dynamic constant and two words (class, name) while it is looked
         * up in older class files. Swapping the null owner under a {@code PUTSTATIC}'s value takes
         * two words at most, no more than the constant above it.
         */
        private int extraStack(int opcode) {
            int nullOwner = opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC ? 1 : 0;
            return nullOwner + (owner.version >= FIRST_VERSION_WITH_DYNAMIC_CONSTANTS ? 1 : 2);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + extraStack, maxLocals);
        }
    }
}
