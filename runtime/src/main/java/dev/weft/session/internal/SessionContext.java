package dev.weft.session.internal;

import dev.weft.session.NoActiveSessionException;
import dev.weft.session.SessionStatus;
import dev.weft.session.TtlExtensionPolicy;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JavaType;

/**
 * One session as one scope sees it: the state loaded lazily from the store, the values handed to
 * the program, and what to do at commit. Bound to the thread that opened its scope and to threads
 * it was carried to; used by one thread at a time.
 *
 * <p>The state is three layers. {@code loaded} is what the store had (loaded at most once, on the
 * first read). {@code overlay} and {@code removed} are text changes made through the
 * {@link dev.weft.session.Session} API. {@code live} holds the decoded objects that fields handed
 * out; they win over the layers below for their key, and at commit each is encoded again so a
 * value changed in place is saved.
 *
 * <p>The woven fast path: a thread is bound to a context by holding its {@code values} array in a
 * thread-local. Slot 0 is the context itself; slot {@link SessionField#index()} is that field's
 * value once handed out ({@link #NULL} for null, empty until then). Reading a field whose value is
 * in the scope is a thread-local read and an array read. An array that is no longer the context's
 * (the scope closed, or the array grew) is emptied but for slot 0, so every thread still holding it
 * takes the slow path, which checks the context.
 */
public final class SessionContext {

    private static final ThreadLocal<Object[]> CURRENT = new ThreadLocal<>();
    /** A slot's mark for a value that is null; an empty slot is null. */
    private static final Object NULL = new Object();
    private static final ValueCodec CODEC = ValueCodec.JSON;

    private final BlockingSessionStore store;
    private final Duration ttl;
    private final TtlExtensionPolicy policy;

    private SessionKey key;
    private Map<String, String> loaded;
    private final Map<String, String> overlay = new HashMap<>();
    private final Set<String> removed = new HashSet<>();
    private final Map<String, Live> live = new HashMap<>();
    /** Slot 0: this context; slot i: the value of the field with index i, if handed out. */
    private Object[] values = new Object[16];
    /** Field index to whether the program assigned that field in this scope. */
    private boolean[] written = new boolean[16];
    private SessionStatus status = SessionStatus.UNCHANGED;
    private boolean closed;

    /** A decoded value handed to the program through a field; the value itself is in its slot. */
    private static final class Live {
        final SessionField field;
        /** The text the value was decoded from, or the encoded default; null if not needed. */
        final String baseline;
        /** Whether the key was in the state when the value was made (else it is the default). */
        final boolean present;

        Live(SessionField field, String baseline, boolean present) {
            this.field = field;
            this.baseline = baseline;
            this.present = present;
        }
    }

    public SessionContext(BlockingSessionStore store, Duration ttl, TtlExtensionPolicy policy, SessionKey key) {
        this.store = store;
        this.ttl = ttl;
        this.policy = policy;
        this.key = key;
        this.values[0] = this;
        if (key == null) {
            loaded = Map.of();
        }
    }

    // ---- binding to threads ----

    /** The context bound to this thread, or null. */
    public static SessionContext current() {
        Object[] slots = CURRENT.get();
        return slots == null ? null : (SessionContext) slots[0];
    }

    /** Binds {@code context} (or nothing, for null) to this thread; returns what was bound before. */
    public static SessionContext bind(SessionContext context) {
        SessionContext previous = current();
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context.values);
        }
        return previous;
    }

    /** The open context bound to this thread, now holding its current slots. */
    private static SessionContext require(SessionField field) {
        Object[] slots = CURRENT.get();
        SessionContext context = slots == null ? null : (SessionContext) slots[0];
        if (context == null || context.closed) {
            throw new NoActiveSessionException("session field " + field.name() + " was used "
                    + (context == null ? "on a thread with no open session scope" : "after its session scope closed")
                    + "; open one with sessions.open(key), or carry it with scope.wrap(..)");
        }
        if (slots != context.values) {
            CURRENT.set(context.values); // the slots grew since this thread was bound
        }
        return context;
    }

    /** The context bound to this thread for the {@code Session} API. */
    public static SessionContext requireForApi() {
        SessionContext context = current();
        if (context == null || context.closed) {
            throw new NoActiveSessionException("Session.current() was used "
                    + (context == null ? "on a thread with no open session scope" : "after its session scope closed")
                    + "; open one with sessions.open(key), or carry it with scope.wrap(..)");
        }
        return context;
    }

    /** The key the session was opened with, unless it turned out not to exist. */
    public Optional<SessionKey> key() {
        return Optional.ofNullable(key);
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- woven fields ----

    /** Reads {@code field} in the session bound to this thread. */
    static Object read(SessionField field, Object owner) {
        Object[] slots = CURRENT.get();
        int index = field.index();
        if (slots != null && index < slots.length) {
            Object value = slots[index];
            if (value != null) {
                return value == NULL ? null : value;
            }
        }
        return require(field).materialize(field, owner);
    }

    /** Writes {@code field} in the session bound to this thread. */
    static void write(SessionField field, Object value) {
        Object[] slots = CURRENT.get();
        int index = field.index();
        if (slots != null && index < slots.length && slots[index] != null) {
            SessionContext context = (SessionContext) slots[0];
            slots[index] = value == null ? NULL : value;
            context.written[index] = true;
            context.changed();
            return;
        }
        require(field).writeUnseen(field, value);
    }

    /** Writes a field whose value this scope has not handed out yet. */
    private void writeUnseen(SessionField field, Object value) {
        String stateKey = field.stateKey();
        Live known = live.get(stateKey);
        if (known == null || known.field != field) {
            if (known != null) {
                forget(stateKey); // another field with the same state key: this write replaces its value
            }
            live.put(stateKey, new Live(field, null, false));
        }
        remember(field, value, true);
        changed();
    }

    /** Hands out {@code field}'s value: decoded from the state, or its default. */
    private Object materialize(SessionField field, Object owner) {
        String stateKey = field.stateKey();
        Live existing = live.get(stateKey);
        if (existing != null && existing.field == field) {
            return valueOf(existing); // this thread held slots that have since grown
        }
        if (existing != null) {
            // Another field with the same state key holds it: hand over its latest text.
            overlay.put(stateKey, encode(existing));
            removed.remove(stateKey);
            forget(stateKey);
        }
        String text = text(stateKey);
        Live made;
        Object value;
        if (text != null) {
            value = CODEC.decode(stateKey, text, field.type());
            made = new Live(field, text, true);
        } else {
            value = field.defaultValue(owner);
            String baseline = field.immutable() || value == null ? null : CODEC.encode(stateKey, value);
            made = new Live(field, baseline, false);
        }
        live.put(stateKey, made);
        remember(field, value, false);
        return value;
    }

    private void remember(SessionField field, Object value, boolean assigned) {
        int index = field.index();
        if (index >= values.length) {
            grow(index);
        }
        values[index] = value == null ? NULL : value;
        written[index] = assigned;
    }

    private void grow(int index) {
        int length = Math.max(index + 1, values.length * 2);
        Object[] old = values;
        values = Arrays.copyOf(old, length);
        written = Arrays.copyOf(written, length);
        Arrays.fill(old, 1, old.length, null); // threads still holding the old slots take the slow path
        if (CURRENT.get() == old) {
            CURRENT.set(values);
        }
    }

    /** The value {@code value} holds in its slot. */
    private Object valueOf(Live value) {
        Object slot = values[value.field.index()];
        return slot == NULL ? null : slot;
    }

    /** Drops the live value of {@code stateKey}, so the next field read decodes the text again. */
    private void forget(String stateKey) {
        Live gone = live.remove(stateKey);
        if (gone != null) {
            int index = gone.field.index();
            values[index] = null;
            written[index] = false;
        }
    }

    private void forgetAll() {
        live.clear();
        Arrays.fill(written, false);
        Arrays.fill(values, 1, values.length, null);
    }

    // ---- the Session API ----

    /** The value of {@code stateKey} decoded as {@code type}: a copy, not tracked for changes. */
    public <T> Optional<T> get(String stateKey, Class<T> type) {
        java.util.Objects.requireNonNull(stateKey, "key");
        java.util.Objects.requireNonNull(type, "type");
        Live value = live.get(stateKey);
        String text = value != null ? encode(value) : text(stateKey);
        if (text == null) {
            return Optional.empty();
        }
        JavaType javaType = CODEC.type(type);
        @SuppressWarnings("unchecked")
        T decoded = (T) (type.isPrimitive() ? CODEC.decode(stateKey, text, javaType)
                : type.cast(CODEC.decode(stateKey, text, javaType)));
        return Optional.ofNullable(decoded);
    }

    public void insert(String stateKey, Object value) {
        java.util.Objects.requireNonNull(stateKey, "key");
        String text = CODEC.encode(stateKey, value);
        forget(stateKey);
        overlay.put(stateKey, text);
        removed.remove(stateKey);
        changed();
    }

    public void remove(String stateKey) {
        java.util.Objects.requireNonNull(stateKey, "key");
        forget(stateKey);
        overlay.remove(stateKey);
        removed.add(stateKey);
        changed();
    }

    public void clear() {
        removed.addAll(loaded().keySet());
        removed.addAll(overlay.keySet());
        removed.addAll(live.keySet());
        overlay.clear();
        forgetAll();
        changed();
    }

    public void purge() {
        clear();
        status = SessionStatus.PURGED;
    }

    public void renew() {
        if (status != SessionStatus.PURGED) {
            loaded();
            status = SessionStatus.RENEWED;
        }
    }

    public SessionStatus status() {
        return status;
    }

    /** The current state as text, including values changed through fields. */
    public Map<String, String> entries() {
        Map<String, String> state = new HashMap<>(loaded());
        state.keySet().removeAll(removed);
        state.putAll(overlay);
        for (Map.Entry<String, Live> value : live.entrySet()) {
            Live v = value.getValue();
            if (v.present || written[v.field.index()] || changedInPlace(v)) {
                state.put(value.getKey(), encode(v));
            }
        }
        return Map.copyOf(state);
    }

    private void changed() {
        if (status == SessionStatus.UNCHANGED) {
            status = SessionStatus.CHANGED;
        }
    }

    // ---- loading ----

    /** The stored text of {@code stateKey} after API changes, loading the state if needed. */
    private String text(String stateKey) {
        String text = overlay.get(stateKey);
        if (text != null || removed.contains(stateKey)) {
            return text;
        }
        return loaded().get(stateKey);
    }

    private Map<String, String> loaded() {
        if (loaded == null) {
            Optional<Map<String, String>> state = policy == TtlExtensionPolicy.ON_EVERY_REQUEST
                    ? store.loadAndUpdateTtl(key, ttl)
                    : store.load(key);
            if (state.isPresent()) {
                loaded = state.get();
            } else {
                loaded = Map.of();
                key = null; // unknown or expired: this scope is a new session
            }
        }
        return loaded;
    }

    // ---- commit ----

    /**
     * Unbinds the context and stores what changed, by status (see DESIGN step 6).
     *
     * @return where the state now lives, or null if nowhere
     * @throws SessionStoreException if the store failed; the stored state is then as before
     */
    public SessionKey commit() {
        if (closed) {
            return key;
        }
        closed = true;
        Object[] slots = CURRENT.get();
        if (slots != null && slots[0] == this) {
            CURRENT.remove();
        }
        try {
            return store();
        } finally {
            Arrays.fill(values, 1, values.length, null); // threads it was carried to now fail fast
        }
    }

    private SessionKey store() {
        if (status == SessionStatus.PURGED) {
            if (key != null) {
                store.delete(key);
            }
            return key = null;
        }
        flushLive();
        if (status == SessionStatus.RENEWED && key != null) {
            Map<String, String> state = new HashMap<>(loaded);
            state.keySet().removeAll(removed);
            state.putAll(overlay);
            SessionKey renewed = store.save(state, ttl);
            store.delete(key);
            return key = renewed;
        }
        if (key == null) {
            if (overlay.isEmpty()) {
                return null;
            }
            return key = store.save(overlay, ttl);
        }
        Map<String, String> changes = new HashMap<>();
        for (Map.Entry<String, String> entry : overlay.entrySet()) {
            if (loaded == null || !entry.getValue().equals(loaded.get(entry.getKey()))) {
                changes.put(entry.getKey(), entry.getValue());
            }
        }
        Set<String> removals = new HashSet<>();
        for (String gone : removed) {
            if (loaded == null || loaded.containsKey(gone)) {
                removals.add(gone);
            }
        }
        if (changes.isEmpty() && removals.isEmpty()) {
            return key; // unchanged: any TTL extension rode on the load
        }
        return key = store.updateDelta(key, changes, removals, ttl);
    }

    /** Moves every field value that was written or changed in place into the overlay. */
    private void flushLive() {
        for (Iterator<Map.Entry<String, Live>> it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Live> entry = it.next();
            Live value = entry.getValue();
            if (written[value.field.index()]) {
                overlay.put(entry.getKey(), encode(value));
                removed.remove(entry.getKey());
            } else if (!value.field.immutable()) {
                String now = encode(value);
                if (!now.equals(value.baseline)) {
                    overlay.put(entry.getKey(), now);
                    removed.remove(entry.getKey());
                }
            }
        }
    }

    private boolean changedInPlace(Live value) {
        return !value.field.immutable() && !encode(value).equals(value.baseline);
    }

    private String encode(Live value) {
        return CODEC.encode(value.field.stateKey(), valueOf(value));
    }
}
