package dev.weft.agent.internal;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The runtime's {@code dev.weft.session.internal.SessionBridge}, named by internal name and
 * descriptor only: the agent never loads runtime classes, the woven application links to them.
 * These strings mirror the constants and javadoc of {@code SessionBridge}; a test compares them.
 */
final class Bridge {

    /**
     * The {@code SessionBridge.VERSION} this agent weaves calls for: woven code links only against a
     * runtime with this version (see {@link BridgeCheck}).
     */
    static final int VERSION = 1;
    /** Name of the constant that holds the bridge's version. */
    static final String VERSION_FIELD = "VERSION";
    /** Internal name of {@code SessionBridge}. */
    static final String INTERNAL_NAME = "dev/weft/session/internal/SessionBridge";
    /** Descriptor of {@code SessionField}, the handle each access site obtains once. */
    static final String FIELD_DESCRIPTOR = "Ldev/weft/session/internal/SessionField;";
    /** Dynamic-constant bootstrap {@code field(Lookup, String, Class, Class declaringClass, String fieldName)}. */
    static final String CONSTANT_BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/Class;Ljava/lang/Class;Ljava/lang/String;)" + FIELD_DESCRIPTOR;
    /** {@code field(Class declaringClass, String fieldName)}, for class files older than Java 11. */
    static final String FIELD_LOOKUP_DESCRIPTOR = "(Ljava/lang/Class;Ljava/lang/String;)" + FIELD_DESCRIPTOR;
    /** Name of both field-resolving methods. */
    static final String FIELD_METHOD = "field";
    /** Descriptor of {@code @dev.weft.annotation.SessionScoped}. */
    static final String SESSION_SCOPED_DESCRIPTOR = "Ldev/weft/annotation/SessionScoped;";
    /** Binary name of {@code @dev.weft.annotation.SessionScoped}. */
    static final String SESSION_SCOPED_NAME = "dev.weft.annotation.SessionScoped";

    static final Handle CONSTANT_BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, INTERNAL_NAME, FIELD_METHOD,
            CONSTANT_BOOTSTRAP_DESCRIPTOR, false);

    private Bridge() {
    }

    /**
     * The bridge accessor suffix for a field of {@code descriptor}: {@code Reference} for objects and
     * arrays, else {@code Boolean}, {@code Byte}, ..., {@code Double}.
     */
    static String kind(String descriptor) {
        return switch (descriptor.charAt(0)) {
            case 'Z' -> "Boolean";
            case 'B' -> "Byte";
            case 'C' -> "Char";
            case 'S' -> "Short";
            case 'I' -> "Int";
            case 'J' -> "Long";
            case 'F' -> "Float";
            case 'D' -> "Double";
            case 'L', '[' -> "Reference";
            default -> throw new IllegalArgumentException("not a field descriptor: " + descriptor);
        };
    }

    /** The value type a bridge accessor takes or returns: {@code Object} for every reference. */
    static String valueDescriptor(String descriptor) {
        char sort = descriptor.charAt(0);
        return sort == 'L' || sort == '[' ? "Ljava/lang/Object;" : descriptor;
    }

    /** {@code getX(Object owner, SessionField field) -> X}. */
    static String getterDescriptor(String descriptor) {
        return "(Ljava/lang/Object;" + FIELD_DESCRIPTOR + ")" + valueDescriptor(descriptor);
    }

    /** {@code setX(Object owner, X value, SessionField field) -> void}. */
    static String setterDescriptor(String descriptor) {
        return "(Ljava/lang/Object;" + valueDescriptor(descriptor) + FIELD_DESCRIPTOR + ")V";
    }

    /** Whether a value of this field type takes two stack slots. */
    static boolean isWide(String descriptor) {
        return Type.getType(descriptor).getSize() == 2;
    }
}
