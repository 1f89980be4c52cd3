package dev.weft.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Enumeration;

/**
 * {@link HttpSession} on the request's Weft session: attributes are the session's entries under
 * {@value SessionFilter#ATTRIBUTE_KEY_PREFIX}{@code <name>}, stored as JSON with their types. One
 * object per request and session: it stays valid across {@code changeSessionId()}, and becomes
 * invalid at {@link #invalidate()} (after which {@code getSession(true)} gives a new one). Like
 * every {@code HttpSession}, use it only while its request is under way.
 */
final class WeftHttpSession implements HttpSession {

    private final RequestSession session;
    private final int generation;
    /** What getMaxInactiveInterval() said last, for when the session is no longer valid. */
    private volatile int lastInterval;

    WeftHttpSession(RequestSession session, int generation) {
        this.session = session;
        this.generation = generation;
        this.lastInterval = (int) Math.min(Integer.MAX_VALUE, session.filter.sessions().ttl().toSeconds());
    }

    /** When the session was created (a renewal keeps it); for a new session, when its request began. */
    @Override
    public long getCreationTime() {
        return session.creationTime(generation);
    }

    /**
     * The session's identifier: the text of its {@link dev.weft.store.SessionId}, a digest of its
     * key, which is safe to log and never the key itself. A new session is stored now to get one.
     * Changes with {@code changeSessionId()}.
     */
    @Override
    public String getId() {
        String id = session.idIfValid(generation);
        if (id != null) {
            lastId = id;
            return id;
        }
        id = lastId;
        if (id == null) {
            id = dev.weft.store.SessionKey.generate().id().toString(); // a session never stored has no id: a unique one
            lastId = id;
        }
        return id;
    }

    private volatile String lastId;

    /**
     * When the request that is using this object began, as Spring Session answers: Weft keeps no
     * per-request access time in the store.
     */
    @Override
    public long getLastAccessedTime() {
        session.check(generation);
        return session.startedAt;
    }

    @Override
    public ServletContext getServletContext() {
        return session.context;
    }

    /**
     * Gives this session an idle timeout of its own, stored with it (the session's other
     * requests use it too). Zero or less means "never expires" in the Servlet specification;
     * Weft keeps a session at most {@link dev.weft.store.SessionStore#MAX_TTL} (365 days) without
     * requests, so it stands for that, as do intervals longer than it. Does nothing once the
     * session is invalid.
     */
    @Override
    public void setMaxInactiveInterval(int interval) {
        Integer now = session.maxInactiveIntervalIfValid(generation, interval);
        if (now != null) {
            lastInterval = now;
        }
    }

    /** The session's idle timeout in seconds: its own, else the {@code Sessions}' TTL. */
    @Override
    public int getMaxInactiveInterval() {
        Integer now = session.maxInactiveIntervalIfValid(generation);
        if (now != null) {
            lastInterval = now;
        }
        return lastInterval;
    }

    /**
     * The attribute's value, decoded from its JSON form; the same object on every call in this
     * request, and a change made to it in place is stored with the session (no {@code
     * setAttribute} needed). A stored value that no longer decodes (its type left the allow-list,
     * say) reads as null, with a warning.
     */
    @Override
    public Object getAttribute(String name) {
        return session.getAttribute(generation, name);
    }

    /** The names of the session's attributes (not of its {@code @SessionScoped} fields). */
    @Override
    public Enumeration<String> getAttributeNames() {
        return session.getAttributeNames(generation);
    }

    /**
     * Stores {@code value} under {@code name} (null removes it), calling {@link
     * jakarta.servlet.http.HttpSessionBindingListener#valueBound} before it can be read and
     * {@code valueUnbound} on a value it replaces.
     *
     * @throws IllegalArgumentException naming the attribute and the type, never the value, if the
     *     value cannot be stored: a type outside the filter's allow-list (in it or inside it), no
     *     JSON form, or a JSON form that does not read back equal
     */
    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(this, generation, name, value);
    }

    @Override
    public void removeAttribute(String name) {
        session.removeAttribute(this, generation, name);
    }

    /**
     * Ends the session: it is deleted when the request commits, its key stops working at once for
     * other requests, and its listener values are unbound. {@code getSession(false)} then returns
     * null, and {@code getSession(true)} begins a new session.
     */
    @Override
    public void invalidate() {
        String known = session.knownId(generation);
        if (known != null) {
            lastId = known;
        }
        session.invalidate(this, generation);
    }

    /** Whether the session began in this request, so its client does not hold it yet. */
    @Override
    public boolean isNew() {
        return session.isNew(generation);
    }

    @Override
    public String toString() {
        return "WeftHttpSession[" + (session.isValid(generation) ? "valid" : "invalid") + "]";
    }
}
