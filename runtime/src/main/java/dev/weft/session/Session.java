package dev.weft.session;

import dev.weft.session.internal.SessionContext;
import dev.weft.store.SessionId;
import java.time.Duration;
import java.time.Instant;
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

    Session(SessionContext context) {
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

    /**
     * The session's identifier, which is safe to log and show (it is a digest of the key, which
     * stays secret). A session that has no key yet (a new one, or one renewed in this scope) is
     * stored now to get one, with what the scope changed so far; the scope goes on with that key,
     * and what changes later is stored when it closes. A renewed session's identifier is therefore
     * its new key's.
     *
     * @return the identifier
     * @throws IllegalStateException if the session was purged in this scope
     * @throws dev.weft.store.SessionStoreException if storing the session failed
     */
    public SessionId id() {
        return live().id();
    }

    /** Whether the session began in this scope: it had no key, or its key named no live session. */
    public boolean isNew() {
        return live().isNew();
    }

    /** When the session was created (a renewal keeps it); for a new session, when its scope opened. */
    public Instant createdAt() {
        return live().createdAt();
    }

    /** The principal (user) the session is bound to, if any. */
    public Optional<String> principal() {
        return live().principal();
    }

    /**
     * Binds the session to a principal (the signed-in user), stored with it when the scope
     * commits: {@link Sessions#byPrincipal} then lists it and {@link Sessions#invalidate(String)}
     * ends it, and a renewal keeps it. A store with a most-sessions-per-principal limit enforces it
     * when the binding is stored. Null or empty unbinds. Writes only when called: a request that
     * does not change the principal pays nothing for it.
     */
    public void principal(String name) {
        live().principal(name);
    }

    /**
     * How long the session lives without requests: its own idle timeout if it has one, else the
     * {@link Sessions#ttl() TTL} of its sessions.
     */
    public Duration idleTimeout() {
        return live().idleTimeout();
    }

    /**
     * Gives this session an idle timeout of its own ("remember me"), stored with it from this
     * scope's commit on; every later extension of the session uses it. A {@linkplain
     * Sessions.Builder#maxLifetime maximum lifetime} still ends the session.
     *
     * @param timeout positive, at most {@link dev.weft.store.SessionStore#MAX_TTL}
     * @throws IllegalArgumentException if out of range
     */
    public void idleTimeout(Duration timeout) {
        live().idleTimeout(timeout);
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
