package dev.weft.servlet;

import dev.weft.session.Session;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.util.RawValue;

/**
 * The {@code HttpSession} attributes of one request's session: the session's entries {@value
 * SessionFilter#ATTRIBUTE_KEY_PREFIX}{@code <name>}, each decoded once and then kept, so that
 * {@code getAttribute} hands out the same object for the whole request and a change made to it in
 * place is found at the commit. Not thread-safe: {@link RequestSession} calls it under its lock.
 */
final class Attributes {

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

    /**
     * A value handed out or set, with this JVM's own encoding of it as it was then, which the
     * commit compares a fresh encoding with (null: immutable, never compared). Never the stored
     * text: another JVM's encoding of the same value (a class with another property, a {@code
     * HashMap}'s order) would make every read a write of the value as read, over another
     * request's change.
     */
    private record Held(Object value, String text) {
    }

    private final AttributeCodec codec;
    private final SessionFilter filter;
    private final Map<String, Held> held = new HashMap<>();

    Attributes(SessionFilter filter) {
        this.filter = filter;
        this.codec = filter.codec();
    }

    /** The state key of attribute {@code name}. */
    static String key(String name) {
        return SessionFilter.ATTRIBUTE_KEY_PREFIX + name;
    }

    /** The attribute a state key holds, or null if it holds none. */
    private static String name(String key) {
        return key.startsWith(SessionFilter.ATTRIBUTE_KEY_PREFIX)
                ? key.substring(SessionFilter.ATTRIBUTE_KEY_PREFIX.length()) : null;
    }

    /** {@code getAttribute}: the value handed out before, else the stored one, decoded (null if it no longer decodes). */
    Object get(Session session, String name) {
        Held known = held.get(name);
        if (known != null) {
            return known.value();
        }
        String text = session.entries().get(key(name));
        if (text == null) {
            return null;
        }
        Object value = decode(name, text);
        if (value != null) {
            held.put(name, new Held(value, isImmutable(value) ? null : baseline(name, value)));
        }
        return value;
    }

    /** {@code getAttributeNames}. */
    List<String> names(Session session) {
        List<String> names = new ArrayList<>();
        for (String key : session.entries().keySet()) {
            String name = name(key);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether the session has attribute {@code name}. */
    boolean contains(Session session, String name) {
        return held.containsKey(name) || session.entries().containsKey(key(name));
    }

    /** {@code setAttribute}, with {@code text}, the value's checked encoding. */
    void set(Session session, String name, Object value, String text) {
        session.insert(key(name), new RawValue(text));
        held.put(name, new Held(value, isImmutable(value) ? null : text));
    }

    /** {@code removeAttribute}. */
    void remove(Session session, String name) {
        session.remove(key(name));
        held.remove(name);
    }

    /**
     * The value an attribute has now, for an unbinding: the one handed out, else the stored one if
     * its type is an {@link HttpSessionBindingListener} (nothing else is decoded for this).
     */
    Object current(Session session, String name) {
        Held known = held.get(name);
        if (known != null) {
            return known.value();
        }
        String text = session.entries().get(key(name));
        if (text == null || !isListener(AttributeCodec.typeName(text))) {
            return null;
        }
        return decode(name, text);
    }

    /** The attributes whose values are {@link HttpSessionBindingListener}s, for {@code invalidate()}. */
    Map<String, HttpSessionBindingListener> listeners(Session session) {
        Map<String, HttpSessionBindingListener> listeners = new LinkedHashMap<>();
        for (String name : names(session)) {
            if (current(session, name) instanceof HttpSessionBindingListener listener) {
                listeners.put(name, listener);
            }
        }
        return listeners;
    }

    /** Forgets every value handed out: they belong to a session that ended or whose changes were discarded. */
    void clear() {
        held.clear();
    }

    /**
     * The state entries of values handed out that were changed in place since they were read or
     * last stored (the spec needs no {@code setAttribute} for those), by key; from now on they are
     * compared with these texts. A changed value that no longer encodes or decodes back keeps its
     * stored value, with a warning.
     */
    Map<String, RawValue> changedInPlace() {
        Map<String, RawValue> changed = new HashMap<>();
        for (Map.Entry<String, Held> entry : held.entrySet()) {
            String name = entry.getKey();
            Held value = entry.getValue();
            if (value.text() == null) {
                continue;
            }
            try {
                String now = codec.write(name, value.value());
                if (!now.equals(value.text())) {
                    codec.check(name, value.value(), now);
                    changed.put(key(name), new RawValue(now));
                    entry.setValue(new Held(value.value(), now));
                }
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "a change in place to " + e.getMessage()
                        + "; the attribute keeps its stored value");
            }
        }
        return changed;
    }

    /** This JVM's encoding of a value just decoded, or null if it has none (then it cannot be stored again either). */
    private String baseline(String name, Object value) {
        try {
            return codec.write(name, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Object decode(String name, String text) {
        try {
            return codec.decode(name, text);
        } catch (IllegalArgumentException e) {
            filter.undecodable(name, e);
            return null;
        }
    }

    private boolean isListener(String typeName) {
        if (typeName == null || !codec.allows(typeName)) {
            return false;
        }
        try {
            Class<?> type = Class.forName(typeName, false, Thread.currentThread().getContextClassLoader());
            return HttpSessionBindingListener.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static boolean isImmutable(Object value) {
        return value instanceof String || value instanceof Number && value.getClass().getName().startsWith("java.")
                || value instanceof Boolean || value instanceof Character || value instanceof Enum<?>
                || value.getClass().getName().startsWith("java.time.");
    }
}
