package dev.weft.session.internal;

import java.lang.invoke.MethodHandles;

/**
 * What woven code calls: the agent rewrites every {@code GETFIELD}/{@code PUTFIELD}/{@code
 * GETSTATIC}/{@code PUTSTATIC} of a {@code @SessionScoped} field into one of these static methods.
 *
 * <p>Each woven access site first obtains the field's {@link SessionField}, once: either as a
 * dynamic constant ({@code ldc} of a {@code CONSTANT_Dynamic} whose bootstrap is {@link
 * #field(MethodHandles.Lookup, String, Class, Class, String)}, class files of version 55 and
 * later), or through {@link #field(Class, String)}, which caches per class. The access itself
 * then costs a thread-local read and an array read when the value is already in the scope.
 *
 * <p>The {@code owner} argument is the object whose field the program named, or {@code null}
 * for a static field. The value is per session, not per object; the owner only supplies the
 * default for a session that has no value yet: the value the declaring class's constructor (or
 * static initializer) gave the plain field, copied so that sessions never share it.
 *
 * <p>Stack shapes, for the agent: a read {@code GETFIELD} leaves {@code owner} on the stack,
 * so it becomes {@code ldc field; invokestatic getX(Object, SessionField)}; {@code GETSTATIC}
 * becomes {@code aconst_null; ldc field; invokestatic getX}. A write {@code PUTFIELD} has
 * {@code owner, value}: {@code ldc field; invokestatic setX(Object, X, SessionField)}; {@code
 * PUTSTATIC} must first put {@code null} under the value. After {@link #getReference} the agent
 * emits a {@code checkcast} to the field's erased type.
 *
 * <p>Every method throws {@link dev.weft.session.NoActiveSessionException} (naming the class and
 * field) when no session scope is bound to the calling thread. A stored value that cannot be
 * decoded into the field's type is not an exception here: the read gets the field's default, with
 * one warning per field and type logged, and the stored text is left as it is until a write
 * replaces it.
 */
public final class SessionBridge {

    /**
     * The version of what woven code calls: these methods, their descriptors and what they do.
     * It changes whenever any of that changes, and the agent weaves calls for exactly one version:
     * it reads this constant from this class file (never loading the class) through each class
     * loader whose classes it weaves, and refuses to weave for a runtime whose version differs.
     */
    public static final int VERSION = 1;

    /** Internal name of this class, for the agent. */
    public static final String INTERNAL_NAME = "dev/weft/session/internal/SessionBridge";
    /** Descriptor of {@link SessionField}, for the agent. */
    public static final String FIELD_DESCRIPTOR = "Ldev/weft/session/internal/SessionField;";
    /** Descriptor of the dynamic-constant bootstrap {@link #field(MethodHandles.Lookup, String, Class, Class, String)}. */
    public static final String CONSTANT_BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/Class;Ljava/lang/Class;Ljava/lang/String;)" + FIELD_DESCRIPTOR;
    /** Descriptor of {@link #field(Class, String)}. */
    public static final String FIELD_LOOKUP_DESCRIPTOR = "(Ljava/lang/Class;Ljava/lang/String;)" + FIELD_DESCRIPTOR;

    private SessionBridge() {
    }

    /**
     * Dynamic-constant bootstrap: resolves the session field {@code declaringClass.fieldName}.
     * Descriptor {@value #CONSTANT_BOOTSTRAP_DESCRIPTOR}; static arguments: the declaring class
     * (or, where the woven code may not name it, the class the field instruction named) and the
     * field's name.
     *
     * @throws IllegalArgumentException if the field does not exist, is not {@code @SessionScoped},
     *     or cannot be a session value (the message names the field and the reason)
     */
    public static SessionField field(MethodHandles.Lookup lookup, String name, Class<?> type,
            Class<?> declaringClass, String fieldName) {
        return SessionField.of(declaringClass, fieldName);
    }

    /**
     * Resolves the session field {@code fieldName} of {@code declaringClass} or, if the woven code
     * may not name the declaring class, of the class the field instruction named (the field is then
     * found in its superclasses); cached per class. Descriptor {@value #FIELD_LOOKUP_DESCRIPTOR}.
     *
     * @throws IllegalArgumentException as {@link #field(MethodHandles.Lookup, String, Class, Class, String)}
     */
    public static SessionField field(Class<?> declaringClass, String fieldName) {
        return SessionField.of(declaringClass, fieldName);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)Ljava/lang/Object;} */
    public static Object getReference(Object owner, SessionField field) {
        return field.get(owner);
    }

    /** {@code (Ljava/lang/Object;Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)V} */
    public static void setReference(Object owner, Object value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)Z} */
    public static boolean getBoolean(Object owner, SessionField field) {
        return (Boolean) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;ZLdev/weft/session/internal/SessionField;)V} */
    public static void setBoolean(Object owner, boolean value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)B} */
    public static byte getByte(Object owner, SessionField field) {
        return (Byte) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;BLdev/weft/session/internal/SessionField;)V} */
    public static void setByte(Object owner, byte value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)C} */
    public static char getChar(Object owner, SessionField field) {
        return (Character) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;CLdev/weft/session/internal/SessionField;)V} */
    public static void setChar(Object owner, char value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)S} */
    public static short getShort(Object owner, SessionField field) {
        return (Short) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;SLdev/weft/session/internal/SessionField;)V} */
    public static void setShort(Object owner, short value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)I} */
    public static int getInt(Object owner, SessionField field) {
        return (Integer) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;ILdev/weft/session/internal/SessionField;)V} */
    public static void setInt(Object owner, int value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)J} */
    public static long getLong(Object owner, SessionField field) {
        return (Long) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;JLdev/weft/session/internal/SessionField;)V} */
    public static void setLong(Object owner, long value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)F} */
    public static float getFloat(Object owner, SessionField field) {
        return (Float) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;FLdev/weft/session/internal/SessionField;)V} */
    public static void setFloat(Object owner, float value, SessionField field) {
        field.set(owner, value);
    }

    /** {@code (Ljava/lang/Object;Ldev/weft/session/internal/SessionField;)D} */
    public static double getDouble(Object owner, SessionField field) {
        return (Double) field.get(owner);
    }

    /** {@code (Ljava/lang/Object;DLdev/weft/session/internal/SessionField;)V} */
    public static void setDouble(Object owner, double value, SessionField field) {
        field.set(owner, value);
    }
}
