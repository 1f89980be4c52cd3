package dev.weft.session;

import dev.weft.session.internal.SessionContext;
import java.util.Map;
import java.util.Optional;

/**
 * The explicit API to the current session, for what fields cannot say: renew the key at sign-in,
 * purge at sign-out, or values under computed keys. It shares one state with the
 * {@code @SessionScoped} fields: a field's value is the entry under its state key.
 *
 * <p>Values are stored as JSON text. {@link #get} returns a decoded copy: changing it changes
 * nothing until it is inserted again (unlike a value read from a field, which is saved when
 * changed in place).
 *
 * <pre>{@code
 * Session.current().renew();                  // sign-in: same state, new key
 * Session.current().insert("theme", "dark");
 * Optional<String> theme = Session.current().get("theme", String.class);
 * }</pre>
 */
public final class Session {

    private final SessionContext context;

    private Session(SessionContext context) {
        this.context = context;
    }

    /**
     * The session of the scope open on this thread.
     *
     * @return a view of the current session, valid until its scope closes
     * @throws NoActiveSessionException if no scope is open on this thread
     */
    public static Session current() {
        return new Session(SessionContext.requireForApi());
    }

    /**
     * The value stored under {@code key}, decoded as {@code type}.
     *
     * @return the value, or empty if the session has none
     * @throws SessionValueException if the stored value does not decode as {@code type}
     */
    public <T> Optional<T> get(String key, Class<T> type) {
        return live().get(key, type);
    }

    /**
     * Stores {@code value} (encoded as JSON now) under {@code key}; saved when the scope closes.
     *
     * @throws SessionValueException if the value has no JSON form; nothing changes then
     */
    public void insert(String key, Object value) {
        live().insert(key, value);
    }

    /** Removes the value under {@code key}; a field with that key reads its default afterwards. */
    public void remove(String key) {
        live().remove(key);
    }

    /** Removes every value; the session itself lives on (use {@link #purge()} to end it). */
    public void clear() {
        live().clear();
    }

    /** Ends the session: its state is deleted when the scope closes, and later writes are discarded. */
    public void purge() {
        live().purge();
    }

    /**
     * Keeps the state but moves it to a new key when the scope closes; the old key stops working.
     * Use it at sign-in against session fixation. No effect after {@link #purge()}.
     */
    public void renew() {
        live().renew();
    }

    /** What the scope will do at close, as far as known now. */
    public SessionStatus status() {
        return live().status();
    }

    /** The whole state as stored text (JSON per key), including changes made in this scope. */
    public Map<String, String> entries() {
        return live().entries();
    }

    private SessionContext live() {
        if (context.isClosed()) {
            throw new NoActiveSessionException("this Session was used after its scope closed");
        }
        return context;
    }
}
