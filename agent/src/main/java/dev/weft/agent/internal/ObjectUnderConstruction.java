package dev.weft.agent.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Follows a constructor's original instructions, word by word of the operand stack, to tell
 * whether a {@code GETFIELD} or {@code PUTFIELD} is on the object under construction: {@code this},
 * as local 0 holds it on entry. It sits in front of the visitor that rewrites the instructions,
 * which asks {@link #ownerIsThis()} as each field instruction passes.
 *
 * <p>Sound rather than complete: a word is {@code this} only where every path to it says so
 * (forward jumps are merged at their labels); where the tracking loses the stack (a label reached
 * only by a later jump in a class file without stack map frames, the return from a {@code jsr})
 * every word counts as another object until it is known again. What it cannot reconcile, and
 * javac never writes, fails the weaving with an {@link IllegalStateException} (so the class is
 * refused, not woven on a guess): local 0 written after an instruction was found to act on it, a
 * jump back to an instruction where it took a word for {@code this} that the jump does not carry.
 */
final class ObjectUnderConstruction extends MethodVisitor {

    private static final byte OTHER = 0;
    private static final byte THIS = 1;
    /** The stack at a label some path reaches with a stack not tracked. */
    private static final byte[] UNKNOWN = new byte[0];

    private final String className;
    private byte[] stack = new byte[16];
    private int height;
    /** Whether the instruction being visited is reached by falling through from the one before. */
    private boolean reachable = true;
    /** Whether {@link #stack} and {@link #height} are the real stack's here. */
    private boolean known = true;
    private boolean local0Written;
    private boolean foundThis;
    private boolean ownerIsThis;
    /** The stacks forward jumps bring to labels not yet visited, merged. */
    private final Map<Label, byte[]> incoming = new HashMap<>();
    private final Set<Label> visited = new HashSet<>();
    /** The stacks at visited labels that held {@code this}: a jump back must bring it there too. */
    private final Map<Label, byte[]> visitedWithThis = new HashMap<>();
    private final Set<Label> handlers = new HashSet<>();

    ObjectUnderConstruction(String className, MethodVisitor methodVisitor) {
        super(ClassFileScan.ASM_API, methodVisitor);
        this.className = className;
    }

    /** Whether the field instruction being visited acts on the object under construction. */
    boolean ownerIsThis() {
        return ownerIsThis;
    }

    // ---- the stack model

    private boolean tracking() {
        return reachable && known;
    }

    private void push(byte word) {
        if (height == stack.length) {
            stack = Arrays.copyOf(stack, height * 2);
        }
        stack[height++] = word;
    }

    private void pushOther(int words) {
        for (int i = 0; i < words; i++) {
            push(OTHER);
        }
    }

    private void pop(int words) {
        if (words > height) {
            throw confused("the stack holds fewer words than an instruction takes");
        }
        height -= words;
    }

    private byte word(int fromTop) {
        return stack[height - 1 - fromTop];
    }

    private void execute(int popped, int pushed) {
        if (tracking()) {
            pop(popped);
            pushOther(pushed);
        }
    }

    private byte[] snapshot() {
        return Arrays.copyOf(stack, height);
    }

    private void restore(byte[] words) {
        stack = Arrays.copyOf(words, Math.max(16, words.length * 2));
        height = words.length;
    }

    private static byte[] allOther(byte[] words) {
        return new byte[words.length];
    }

    private byte[] merge(byte[] a, byte[] b) {
        if (a == UNKNOWN || b == UNKNOWN) {
            return a == UNKNOWN && b == UNKNOWN ? UNKNOWN : allOther(a == UNKNOWN ? b : a);
        }
        if (a.length != b.length) {
            throw confused("two paths meet with stacks of different heights");
        }
        byte[] merged = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            merged[i] = a[i] == THIS && b[i] == THIS ? THIS : OTHER;
        }
        return merged;
    }

    /** Notes the stack a jump takes to {@code target}. */
    private void jumpTo(Label target) {
        byte[] here = tracking() ? snapshot() : UNKNOWN;
        if (visited.contains(target)) {
            byte[] there = visitedWithThis.get(target);
            if (there != null && !Arrays.equals(there, merge(there, here))) {
                throw confused("a jump back brings another value where the object under construction was");
            }
        } else {
            byte[] before = incoming.get(target);
            incoming.put(target, before == null ? here : merge(before, here));
        }
    }

    private IllegalStateException confused(String what) {
        return new IllegalStateException("cannot tell the object under construction in a constructor of "
                + className.replace('/', '.') + ": " + what);
    }

    // ---- control flow

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        handlers.add(handler);
        super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitLabel(Label label) {
        byte[] jumped = incoming.remove(label);
        byte[] fallen = reachable ? (known ? snapshot() : UNKNOWN) : null;
        byte[] state;
        if (handlers.contains(label)) {
            state = new byte[] {OTHER}; // the exception, whatever reaches the label
        } else if (jumped != null && fallen != null) {
            state = merge(jumped, fallen);
        } else {
            state = jumped != null ? jumped : fallen != null ? fallen : UNKNOWN; // UNKNOWN: reached by later jumps only
        }
        reachable = true;
        known = state != UNKNOWN;
        if (known) {
            restore(state);
        }
        visited.add(label);
        if (known && indexOf(THIS) >= 0) {
            visitedWithThis.put(label, snapshot());
        }
        super.visitLabel(label);
    }

    private int indexOf(byte word) {
        for (int i = 0; i < height; i++) {
            if (stack[i] == word) {
                return i;
            }
        }
        return -1;
    }

    /** Where the stack was lost, a stack map frame gives its height back. */
    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] frameStack) {
        if (reachable && !known) {
            int words = 0;
            if (type == Opcodes.F_NEW || type == Opcodes.F_FULL || type == Opcodes.F_SAME1) {
                for (int i = 0; i < numStack; i++) {
                    words += frameStack[i] == Opcodes.LONG || frameStack[i] == Opcodes.DOUBLE ? 2 : 1;
                }
            }
            restore(new byte[words]);
            known = true;
        }
        super.visitFrame(type, numLocal, local, numStack, frameStack);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        switch (opcode) {
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                    Opcodes.IFNONNULL -> {
                execute(1, 0);
                jumpTo(label);
            }
            case Opcodes.GOTO -> {
                jumpTo(label);
                reachable = false;
            }
            case Opcodes.JSR -> {
                execute(0, 1); // the return address
                jumpTo(label);
                known = false; // what the subroutine leaves when it returns here is not followed
            }
            default -> { // IF_ICMPxx, IF_ACMPxx
                execute(2, 0);
                jumpTo(label);
            }
        }
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label defaultLabel, Label... labels) {
        switchTo(defaultLabel, labels);
        super.visitTableSwitchInsn(min, max, defaultLabel, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label defaultLabel, int[] keys, Label[] labels) {
        switchTo(defaultLabel, labels);
        super.visitLookupSwitchInsn(defaultLabel, keys, labels);
    }

    private void switchTo(Label defaultLabel, Label[] labels) {
        execute(1, 0);
        jumpTo(defaultLabel);
        for (Label label : labels) {
            jumpTo(label);
        }
        reachable = false;
    }

    // ---- instructions

    @Override
    public void visitInsn(int opcode) {
        if (tracking()) {
            switch (opcode) {
                case Opcodes.DUP -> push(word(0));
                case Opcodes.DUP_X1 -> insertTop(1, 2);
                case Opcodes.DUP_X2 -> insertTop(1, 3);
                case Opcodes.DUP2 -> insertTop(2, 2);
                case Opcodes.DUP2_X1 -> insertTop(2, 3);
                case Opcodes.DUP2_X2 -> insertTop(2, 4);
                case Opcodes.SWAP -> {
                    byte top = word(0);
                    stack[height - 1] = word(1);
                    stack[height - 2] = top;
                }
                case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN,
                        Opcodes.RETURN, Opcodes.ATHROW -> reachable = false;
                default -> {
                    int effect = effect(opcode);
                    execute(effect / 10, effect % 10);
                }
            }
        } else if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN || opcode == Opcodes.ATHROW) {
            reachable = false;
        }
        super.visitInsn(opcode);
    }

    /** Copies the top {@code count} words under the top {@code depth} words (the DUP family). */
    private void insertTop(int count, int depth) {
        byte[] top = Arrays.copyOfRange(stack, height - count, height);
        byte[] below = Arrays.copyOfRange(stack, height - depth, height);
        height -= depth;
        for (byte word : top) {
            push(word);
        }
        for (byte word : below) {
            push(word);
        }
    }

    /**
     * Words an instruction without operands pops (tens) and pushes (ones), for those that only
     * compute; each word it pushes is another object's, never {@code this}.
     */
    private int effect(int opcode) {
        return switch (opcode) {
            case Opcodes.NOP -> 0;
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2,
                    Opcodes.ICONST_3, Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1,
                    Opcodes.FCONST_2 -> 1;
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> 2;
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD,
                    Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL, Opcodes.IDIV,
                    Opcodes.FDIV, Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND,
                    Opcodes.IOR, Opcodes.IXOR, Opcodes.FCMPL, Opcodes.FCMPG, Opcodes.L2I, Opcodes.L2F, Opcodes.D2I,
                    Opcodes.D2F -> 21;
            case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LNEG, Opcodes.DNEG, Opcodes.L2D, Opcodes.D2L -> 22;
            case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE,
                    Opcodes.SASTORE -> 30;
            case Opcodes.LASTORE, Opcodes.DASTORE -> 40;
            case Opcodes.POP, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> 10;
            case Opcodes.POP2 -> 20;
            case Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV,
                    Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> 42;
            case Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR -> 32;
            case Opcodes.INEG, Opcodes.FNEG, Opcodes.I2F, Opcodes.F2I, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S,
                    Opcodes.ARRAYLENGTH -> 11;
            case Opcodes.I2L, Opcodes.I2D, Opcodes.F2L, Opcodes.F2D -> 12;
            case Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> 41;
            default -> throw confused("unexpected instruction " + opcode);
        };
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        execute(opcode == Opcodes.NEWARRAY ? 1 : 0, 1);
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD -> execute(0, 1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> execute(0, 2);
            case Opcodes.ALOAD -> {
                if (tracking()) {
                    push(var == 0 && !local0Written ? THIS : OTHER);
                }
            }
            case Opcodes.RET -> reachable = false;
            default -> { // stores
                execute(opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE ? 2 : 1, 0);
                if (var == 0) {
                    if (foundThis) {
                        throw confused("local 0 is written after an instruction acted on it");
                    }
                    local0Written = true;
                }
            }
        }
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        switch (opcode) {
            case Opcodes.NEW -> execute(0, 1);
            case Opcodes.CHECKCAST -> {
                // the same object: a word stays what it was
            }
            default -> execute(1, 1); // ANEWARRAY, INSTANCEOF
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        int size = descriptor.charAt(0) == 'J' || descriptor.charAt(0) == 'D' ? 2 : 1;
        ownerIsThis = tracking() && switch (opcode) {
            case Opcodes.GETFIELD -> word(0) == THIS;
            case Opcodes.PUTFIELD -> word(size) == THIS;
            default -> false;
        };
        foundThis |= ownerIsThis;
        super.visitFieldInsn(opcode, owner, name, descriptor);
        ownerIsThis = false;
        switch (opcode) {
            case Opcodes.GETSTATIC -> execute(0, size);
            case Opcodes.PUTSTATIC -> execute(size, 0);
            case Opcodes.GETFIELD -> execute(1, size);
            default -> execute(1 + size, 0);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor); // arguments count one for the receiver
        execute((sizes >> 2) - (opcode == Opcodes.INVOKESTATIC ? 1 : 0), sizes & 3);
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
            Object... bootstrapMethodArguments) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        execute((sizes >> 2) - 1, sizes & 3);
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
    }

    @Override
    public void visitLdcInsn(Object value) {
        boolean wide = value instanceof Long || value instanceof Double || value instanceof ConstantDynamic constant
                && (constant.getDescriptor().equals("J") || constant.getDescriptor().equals("D"));
        execute(0, wide ? 2 : 1);
        super.visitLdcInsn(value);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        execute(numDimensions, 1);
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
