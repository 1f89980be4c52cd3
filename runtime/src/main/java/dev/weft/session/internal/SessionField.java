package dev.weft.session.internal;

import dev.weft.annotation.SessionScoped;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.TypeVariable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JavaType;

/**
 * One {@code @SessionScoped} field, resolved once: its state key, generic type, and how to read
 * its default. Woven code holds one per access site (see {@link SessionBridge}); {@link #index()}
 * gives each field a slot in every scope, so reading a value already in the scope is an array read.
 */
public final class SessionField {

    /** Types no session value can ever have: they are live resources, not data. */
    private static final List<Class<?>> REFUSED_TYPES = List.of(Thread.class, ThreadGroup.class,
            ClassLoader.class, java.net.Socket.class, java.net.ServerSocket.class,
            java.net.DatagramSocket.class, java.io.InputStream.class, java.io.OutputStream.class,
            java.io.Reader.class, java.io.Writer.class, java.nio.channels.Channel.class,
            java.util.concurrent.locks.Lock.class, java.util.concurrent.Executor.class);

    /**
     * The abstract types a session value may be declared with, because the codec makes a concrete
     * collection or map of them ({@code ArrayList} for a {@code List}, ...). By name: some exist
     * from Java 21 on only.
     */
    private static final Set<String> DECODABLE_ABSTRACT_TYPES = Set.of("java.lang.Iterable", "java.util.Collection",
            "java.util.List", "java.util.Set", "java.util.SortedSet", "java.util.NavigableSet", "java.util.Queue",
            "java.util.Deque", "java.util.SequencedCollection", "java.util.SequencedSet", "java.util.AbstractList",
            "java.util.AbstractSet", "java.util.Map", "java.util.SortedMap", "java.util.NavigableMap",
            "java.util.SequencedMap", "java.util.AbstractMap", "java.util.concurrent.ConcurrentMap",
            "java.util.concurrent.ConcurrentNavigableMap",
            "java.time.ZoneId", "java.util.TimeZone", "java.nio.charset.Charset", "java.nio.file.Path");

    private static final ClassValue<Map<String, SessionField>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Map<String, SessionField> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    /** Slot 0 of a scope's slots holds the scope itself, so field indexes start at 1. */
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger(1);

    private final Field field;
    private final String name;
    private final String stateKey;
    private final JavaType type;
    private final boolean immutable;
    private final boolean isStatic;
    private final int index;

    private SessionField(Field field, String stateKey) {
        this.field = field;
        this.name = field.getDeclaringClass().getName() + "." + field.getName();
        this.stateKey = stateKey;
        this.type = ValueCodec.DEFAULT.type(field.getGenericType());
        this.immutable = ValueCodec.isImmutable(field.getType());
        this.isStatic = Modifier.isStatic(field.getModifiers());
        this.index = NEXT_INDEX.getAndIncrement();
    }

    /**
     * Returns the session field {@code fieldName} of {@code namedClass}, declared there or in a
     * superclass (as a field instruction naming {@code namedClass} would find it), resolving it on
     * first use.
     *
     * @throws IllegalArgumentException if there is no such field, it is not {@code @SessionScoped},
     *     or it cannot be a session value; the message names the field and the reason
     */
    public static SessionField of(Class<?> namedClass, String fieldName) {
        return BY_CLASS.get(namedClass).computeIfAbsent(fieldName, name -> resolve(namedClass, name));
    }

    private static SessionField resolve(Class<?> namedClass, String fieldName) {
        Field field = null;
        for (Class<?> type = namedClass; type != null && field == null; type = type.getSuperclass()) {
            try {
                field = type.getDeclaredField(fieldName);
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        if (field == null) {
            throw new IllegalArgumentException("session field " + namedClass.getName() + "." + fieldName
                    + " does not exist");
        }
        if (field.getDeclaringClass() != namedClass) {
            return of(field.getDeclaringClass(), fieldName);
        }
        String name = namedClass.getName() + "." + fieldName;
        SessionScoped annotation = field.getAnnotation(SessionScoped.class);
        if (annotation == null) {
            throw new IllegalArgumentException("field " + name + " is not annotated @SessionScoped");
        }
        String refusal = refusal(field);
        if (refusal != null) {
            throw new IllegalArgumentException("field " + name + " cannot be @SessionScoped: " + refusal);
        }
        try {
            field.setAccessible(true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("session field " + name
                    + " is not accessible to Weft; open its package to the unnamed module", e);
        }
        String key = annotation.value().isEmpty() ? name : annotation.value();
        if (dev.weft.store.ReservedKeys.isReserved(key)) {
            throw new IllegalArgumentException("field " + name + " cannot be @SessionScoped(\"" + key
                    + "\"): state keys starting with '" + dev.weft.store.ReservedKeys.PREFIX + "' are reserved for Weft");
        }
        return new SessionField(field, key);
    }

    /**
     * Why {@code field} can never hold a session value, or null if it can: final; a live resource;
     * a functional interface; or a type a stored value cannot be decoded back into ({@code Object},
     * or an interface or abstract class, a type variable counting as its erasure, other than the
     * collection and map types the codec makes). The agent refuses the same fields, in the same
     * words, when it weaves their class.
     */
    static String refusal(Field field) {
        if (Modifier.isFinal(field.getModifiers())) {
            return "it is final, so it cannot take each session's value";
        }
        Class<?> type = field.getType();
        for (Class<?> refused : REFUSED_TYPES) {
            if (refused.isAssignableFrom(type)) {
                return "its type " + type.getName() + " is a live resource (" + refused.getName()
                        + "), not data that can be stored as JSON";
            }
        }
        if (type.isInterface() && isFunctional(type)) {
            return "its type " + type.getName() + " is a functional interface (a lambda), not data";
        }
        String declared = field.getGenericType() instanceof TypeVariable<?> variable
                ? variable.getName() + " (a type variable, erased to " + type.getName() + ")" : type.getName();
        if (type == Object.class) {
            return undecodable(declared, null);
        }
        if (!type.isPrimitive() && !type.isArray() && !type.isEnum() && Modifier.isAbstract(type.getModifiers())
                && !DECODABLE_ABSTRACT_TYPES.contains(type.getName())) {
            return undecodable(declared, type.isInterface() ? "an interface" : "an abstract class");
        }
        return null;
    }

    private static String undecodable(String declaredType, String kind) {
        return "its type " + declaredType + (kind == null ? " names no class" : " is " + kind)
                + ", so a stored value cannot be decoded back into the class it was written from; declare a"
                + " concrete class (or a collection or map interface of java.util)";
    }

    private static boolean isFunctional(Class<?> type) {
        if (type.isAnnotationPresent(FunctionalInterface.class)) {
            return true;
        }
        for (Class<?> parent : type.getInterfaces()) {
            if (isFunctional(parent)) {
                return true;
            }
        }
        return false;
    }

    /** Reads this field in the current session. */
    public Object get(Object owner) {
        requireOwner(owner);
        return Slots.read(this, owner);
    }

    /** Writes this field in the current session. */
    public void set(Object owner, Object value) {
        requireOwner(owner);
        Slots.write(this, value);
    }

    private void requireOwner(Object owner) {
        if (owner == null && !isStatic) {
            throw new NullPointerException("cannot access session field " + name + " of a null object");
        }
    }

    /** The key the value is stored under. */
    public String stateKey() {
        return stateKey;
    }

    /** {@code <declaring class>.<field>}, for messages. */
    public String name() {
        return name;
    }

    JavaType type() {
        return type;
    }

    boolean immutable() {
        return immutable;
    }

    int index() {
        return index;
    }

    /**
     * The value a session without a stored value starts from: the plain field's value in
     * {@code owner} (or the class, for a static field), as the declaring class's constructor or
     * static initializer left it; a copy unless it is immutable, so sessions never share it.
     */
    Object defaultValue(Object owner, ValueCodec codec) {
        Object initial;
        try {
            initial = field.get(isStatic ? null : owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the default of session field " + name, e);
        }
        if (initial == null || immutable) {
            return initial;
        }
        return codec.decode(stateKey, codec.encode(stateKey, initial), type);
    }
}
