package dev.weft.session.internal;

import dev.weft.session.SessionValueException;
import dev.weft.store.ReservedKeys;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JavaType;

/**
 * One session's state as one scope sees it, in three layers: {@code loaded}, what the store had
 * (loaded at most once, on first need); {@code changes} and {@code removals}, what the scope wrote
 * (inserted, removed, or field values moved here at commit); and the live values fields handed
 * out, which win over the layers below for their key and sit in the scope's {@link Slots}.
 *
 * <p>A read never writes: a value handed out through a field is compared at commit with what it
 * was when handed out, both encoded by this JVM (so a property the stored text has and this JVM's
 * class lacks, or a set whose order differs between JVMs, is no change), and only a real change is
 * written. An assignment, an insert and a remove are always written, even if they leave the value
 * as it was loaded: another request may have changed it meanwhile.
 *
 * <p>A stored value that no longer decodes into its field's type (the type changed across a
 * deploy, an enum constant is gone, {@code null} for a primitive) reads as the field's default; a
 * warning names the field and type, once per field in this JVM; the stored value stays until the
 * program writes that field (or changes the default it was given).
 */
final class SessionState {

    private static final System.Logger LOG = System.getLogger(SessionState.class.getName());
    /** Fields already warned of, so each is named once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final ValueCodec codec;
    private final Slots slots;
    private final Supplier<Map<String, String>> loader;
    private Map<String, String> loaded;
    private final Map<String, String> changes = new HashMap<>();
    private final Set<String> removals = new HashSet<>();
    private final Map<String, Live> live = new HashMap<>();

    /**
     * A value handed out through a field; the value itself is in its slot.
     *
     * @param baseline the value encoded by this JVM when it was handed out, to find in-place
     *     changes; null where not needed (immutable types, values the program assigned)
     */
    private record Live(SessionField field, String baseline) {
    }

    /**
     * @param loaded the state if known (a new session's is empty), or null to load it on first need
     * @param loader loads the state from the store (of the key the session has then)
     */
    SessionState(ValueCodec codec, Slots slots, Map<String, String> loaded, Supplier<Map<String, String>> loader) {
        this.codec = codec;
        this.slots = slots;
        this.loaded = loaded;
        this.loader = loader;
    }

    /** Whether the state was loaded (or known without loading). */
    boolean isLoaded() {
        return loaded != null;
    }

    /** What the store had, loading it if needed. */
    Map<String, String> loaded() {
        if (loaded == null) {
            loaded = loader.get();
        }
        return loaded;
    }

    // ---- fields ----

    /** Hands out {@code field}'s value: decoded from the state, or its default. */
    Object materialize(SessionField field, Object owner) {
        String key = field.stateKey();
        Live existing = live.get(key);
        if (existing != null && existing.field() == field) {
            return slots.get(field.index()); // this thread held slots that have since grown
        }
        if (existing != null) {
            handOver(existing); // another field with the same state key holds it
        }
        String text = text(key);
        Object value = null;
        boolean decoded = false;
        if (text != null) {
            try {
                value = codec.decode(key, text, field.type());
                decoded = true;
            } catch (SessionValueException undecodable) {
                warnOnce(field, undecodable);
            }
        }
        if (!decoded) {
            value = field.defaultValue(owner, codec);
        }
        String baseline = field.immutable() || value == null ? null : codec.encode(key, value);
        live.put(key, new Live(field, baseline));
        slots.put(field.index(), value, false);
        return value;
    }

    /** Writes a field whose value this scope has not handed out yet. */
    void writeUnseen(SessionField field, Object value) {
        String key = field.stateKey();
        Live known = live.get(key);
        if (known != null && known.field() != field) {
            forget(key); // another field with the same state key: this write replaces its value
        }
        live.put(key, new Live(field, null));
        slots.put(field.index(), value, true);
    }

    /**
     * Gives up the value another field of the same state key holds, keeping what it changed: an
     * assignment or an in-place change becomes a change; a value only read leaves nothing.
     */
    private void handOver(Live other) {
        String key = other.field().stateKey();
        String written = writtenText(other);
        if (written != null) {
            changes.put(key, written);
            removals.remove(key);
        }
        forget(key);
    }

    /** The text a live value must be stored as at commit, or null if it is unchanged. */
    private String writtenText(Live value) {
        int index = value.field().index();
        if (slots.isAssigned(index)) {
            return codec.encode(value.field().stateKey(), slots.get(index));
        }
        if (value.baseline() == null) {
            return null; // immutable and not assigned
        }
        String now = codec.encode(value.field().stateKey(), slots.get(index));
        return now.equals(value.baseline()) ? null : now;
    }

    private static void warnOnce(SessionField field, SessionValueException undecodable) {
        if (WARNED.add(field.name())) {
            LOG.log(System.Logger.Level.WARNING, "session field " + field.name() + " reads its default: "
                    + undecodable.getMessage() + "; the stored value stays until the field is written"
                    + " (this is said once per field)");
        }
    }

    /** Drops the live value of {@code key}, so the next field read decodes the text again. */
    private void forget(String key) {
        Live gone = live.remove(key);
        if (gone != null) {
            slots.clear(gone.field().index());
        }
    }

    // ---- the Session API ----

    /** The value of {@code key} decoded as {@code type}: a copy, not tracked for changes. */
    <T> Optional<T> get(String key, Class<T> type) {
        requireUserKey(key);
        Objects.requireNonNull(type, "type");
        Live value = live.get(key);
        String text = value != null ? codec.encode(key, slots.get(value.field().index())) : text(key);
        if (text == null) {
            return Optional.empty();
        }
        JavaType javaType = codec.type(type);
        Object decoded = codec.decode(key, text, javaType);
        @SuppressWarnings("unchecked")
        T typed = (T) (type.isPrimitive() ? decoded : type.cast(decoded));
        return Optional.ofNullable(typed);
    }

    void insert(String key, Object value) {
        requireUserKey(key);
        String text = codec.encode(key, value);
        forget(key);
        changes.put(key, text);
        removals.remove(key);
    }

    void remove(String key) {
        requireUserKey(key);
        forget(key);
        changes.remove(key);
        removals.add(key);
    }

    /** Removes every application key this scope knows of; reserved keys stay. */
    void clear() {
        for (String key : loaded().keySet()) {
            if (!ReservedKeys.isReserved(key)) {
                removals.add(key);
            }
        }
        for (Iterator<String> keys = changes.keySet().iterator(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ReservedKeys.isReserved(key)) {
                removals.add(key);
                keys.remove();
            }
        }
        removals.addAll(live.keySet());
        live.clear();
        slots.clearFields();
    }

    /** Sets a reserved key, as the session itself does (an idle timeout, say). */
    void putReserved(String key, String text) {
        changes.put(key, text);
        removals.remove(key);
    }

    /** Removes a reserved key. */
    void removeReserved(String key) {
        changes.remove(key);
        removals.add(key);
    }

    /** The reserved entry {@code key} as far as known without loading: this scope's change, else what was loaded; or null. */
    String knownReserved(String key) {
        String text = changes.get(key);
        if (text != null || removals.contains(key) || loaded == null) {
            return text;
        }
        return loaded.get(key);
    }

    /** Forgets everything this scope changed (the session is purged). */
    void forgetChanges() {
        changes.clear();
        removals.clear();
        live.clear();
        slots.clearFields();
    }

    /** The application's state as text, including changes made in this scope. */
    Map<String, String> entries() {
        Map<String, String> state = new HashMap<>(loaded());
        state.keySet().removeAll(removals);
        state.putAll(changes);
        for (Live value : live.values()) {
            String written = writtenText(value);
            if (written != null) {
                state.put(value.field().stateKey(), written);
            }
        }
        state.keySet().removeIf(ReservedKeys::isReserved);
        return Map.copyOf(state);
    }

    private static void requireUserKey(String key) {
        Objects.requireNonNull(key, "key");
        if (ReservedKeys.isReserved(key)) {
            throw new IllegalArgumentException("state key '" + key + "' is reserved: keys starting with '"
                    + ReservedKeys.PREFIX + "' are Weft's own entries");
        }
    }

    /** The reserved entry {@code key} as the scope sees it (its own change, else what was loaded), or null. */
    String reserved(String key) {
        String text = changes.get(key);
        return text != null || removals.contains(key) ? text : loaded().get(key);
    }

    // ---- commit ----

    /** Adds every live value that was assigned or changed in place to the changes. */
    void collectChanges() {
        for (Live value : live.values()) {
            String written = writtenText(value);
            if (written != null) {
                changes.put(value.field().stateKey(), written);
                removals.remove(value.field().stateKey());
            }
        }
    }

    /**
     * After the changes were stored in the middle of the scope: they are part of what was loaded
     * (if the state was loaded; else it is loaded on first need), no longer changes, and the live
     * values' baselines are what they are now.
     */
    void stored() {
        if (loaded != null) {
            Map<String, String> now = new HashMap<>(loaded);
            now.keySet().removeAll(removals);
            now.putAll(changes);
            loaded = now;
        }
        for (Map.Entry<String, Live> entry : live.entrySet()) {
            Live value = entry.getValue();
            int index = value.field().index();
            Object current = slots.get(index);
            String baseline = value.field().immutable() || current == null ? null : codec.encode(entry.getKey(), current);
            entry.setValue(new Live(value.field(), baseline));
            slots.put(index, current, false);
        }
        changes.clear();
        removals.clear();
    }

    Map<String, String> changes() {
        return changes;
    }

    Set<String> removals() {
        return removals;
    }

    /** The stored text of {@code key} after this scope's changes, loading the state if needed. */
    private String text(String key) {
        String text = changes.get(key);
        if (text != null || removals.contains(key)) {
            return text;
        }
        return loaded().get(key);
    }
}
