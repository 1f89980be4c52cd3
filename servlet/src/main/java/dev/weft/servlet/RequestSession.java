package dev.weft.servlet;

import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.SessionStatus;
import dev.weft.session.SessionValueException;
import dev.weft.store.SessionId;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import dev.weft.store.SessionStoreException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;

/**
 * One request's session, across all its dispatches (REQUEST, FORWARD, INCLUDE, ERROR, ASYNC) and
 * threads: kept in a request attribute, so that every dispatch, wrapper and thread of the request
 * finds the same one.
 *
 * <h2>Scopes and commits</h2>
 * The request's work runs in a {@link SessionScope}. A <em>commit</em> closes it, which stores
 * what changed, and then sends the client its new key or a removal (cookie or header) while the
 * response can still carry it. Commits happen just before the response commits (the {@link
 * SessionResponse} triggers), when the request ends (its REQUEST, ERROR or ASYNC dispatch returns
 * without a new {@code startAsync}, or {@code AsyncContext.complete()}), at a FORWARD's end, and
 * early, without the response committing, before an INCLUDE that follows changes (the included
 * resource may commit the response, and containers drop headers set during an include) and at
 * {@code AsyncContext.dispatch}. Each scope commits once, under this object's lock, on whatever
 * thread gets there first.
 *
 * <p>Work on the session after a commit goes to a <em>follow-up</em> scope on the key the session
 * was just stored under, opened at once on a thread that is running the request's work (so
 * {@code @SessionScoped} fields keep working), else on first use; it is committed at the next
 * commit point. After the response committed, a follow-up can no longer change what the client
 * holds: creating a session, changing its id and asking a session without a key for its id are
 * refused ({@link IllegalStateException}), and a follow-up that would need a new key (a new
 * session, a renewal through the {@code Session} API, a key found gone) is discarded, with a
 * warning.
 *
 * <h2>Threads</h2>
 * No scope is left bound to a container thread when a dispatch returns: scopes are opened unbound
 * ({@link dev.weft.session.Sessions#openUnbound}) and bound only for the length of a <em>region</em> (a
 * dispatch, a task given to {@code AsyncContext.start} or {@link SessionFilter#wrap}), through
 * {@link SessionScope#wrap} ({@link Regions}). {@code HttpSession} calls use the scope's {@link Session} view, which
 * works on any thread; they are serialized by this object's lock.
 */
final class RequestSession {

    /** The request attribute this object is kept in. */
    static final String ATTRIBUTE = RequestSession.class.getName();

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

    /** Work that a region runs. */
    interface Work {
        void run() throws IOException, ServletException;
    }

    /** A kind of commit. */
    enum Commit {
        /** The response is about to commit: its last chance to carry the key. Once per response. */
        RESPONSE(true, true),
        /**
         * {@code sendError}: as RESPONSE, except that the error page the container then dispatches
         * to finds the response as the container says it is.
         */
        SEND_ERROR(true, true),
        /** The request ends (REQUEST, ERROR or ASYNC dispatch returns, {@code complete()}). */
        END(true, false),
        /** Before an include: the response does not commit, and the request's work goes on here. */
        EARLY(false, true),
        /** {@code AsyncContext.dispatch}: the response does not commit; the request's work goes on in the dispatch. */
        DISPATCH(false, false);

        final boolean commitsResponse;
        final boolean reopen;

        Commit(boolean commitsResponse, boolean reopen) {
            this.commitsResponse = commitsResponse;
            this.reopen = reopen;
        }
    }

    final SessionFilter filter;
    final ServletContext context;
    /** When the request began: {@code HttpSession.getLastAccessedTime()}. */
    final long startedAt = System.currentTimeMillis();
    /** The key the request named its session by (the chosen one), or null. */
    private final SessionKey requestKey;
    /** What {@code getRequestedSessionId()} is about: the chosen key, else the first one sent. */
    private final SessionKey requestedKey;
    private final ClientNotice notice;
    private final Attributes attributes;

    private SessionScope scope;
    private Session session;
    private boolean open;
    /** The open scope is the request's first, opened with the key the request came with. */
    private boolean first = true;
    /** The session was renewed in this request (changeSessionId() or the Session API). */
    private boolean renewedHere;
    /** The key the next scope opens with: where the session lives, as far as this request knows (a key found gone stays), or null. */
    private SessionKey storedKey;
    /** This request purged the session it came with. */
    private boolean purgedHere;
    private boolean responseCommitted;
    /**
     * responseCommitted was set by a call that sends the response as it is (a flush, a close, the
     * declared length or the buffer reached, a redirect), not by sendError or the end of a
     * dispatch, after which the container may still show an error page.
     */
    private boolean responseSent;
    /** A commit failed: the client got 409 (or 500) and the handler's response goes nowhere. */
    private boolean refused;

    // ---- the HttpSession of this request ----
    /** Bumped by invalidate(): HttpSession objects of earlier generations are invalid. */
    private int generation;
    private WeftHttpSession httpSession;
    /** getSession(true) began a session in this generation (it exists even if it holds nothing). */
    private boolean created;
    /** The session of this generation was invalidated (and no new one begun yet). */
    private boolean invalidated;

    /** How many includes this request is in: the container ignores sendError and sendRedirect there. */
    private int includes;

    // ---- async ----
    private int asyncStarts;
    private SessionAsyncContext asyncContext;

    RequestSession(SessionFilter filter, ServletContext context, HttpServletResponse base, SessionKey requestKey,
            SessionKey requestedKey) {
        this.filter = filter;
        this.context = context;
        this.notice = new ClientNotice(filter.transport(), base);
        this.attributes = new Attributes(filter);
        this.requestKey = requestKey;
        this.requestedKey = requestedKey;
        this.storedKey = requestKey;
        openScope(false);
    }

    /** The scope a region binds to its thread, opening a follow-up if needed. */
    synchronized SessionScope scopeForRegion() {
        ensureOpen();
        return scope;
    }

    // ---- scopes ----

    /** Opens a scope on {@link #storedKey}: bound to this thread inside a region, else unbound. */
    private void openScope(boolean boundHere) {
        SessionKey key = storedKey;
        scope = boundHere ? filter.sessions().open(key) : filter.sessions().openUnbound(key);
        session = scope.session();
        open = true;
    }

    private void ensureOpen() {
        if (!open) {
            openScope(Regions.in(this));
        }
    }

    /** The open scope's session, opening a follow-up if needed. */
    private Session session() {
        ensureOpen();
        return session;
    }

    /**
     * Closes the open scope: stores it (or, if it would need a key that can no longer reach the
     * client, discards it) and records where the session now lives. A refused or failed store
     * answers the client at once ({@link #refuse}).
     */
    private void closeScope() {
        if (!open) {
            return;
        }
        open = false;
        first = false;
        SessionStatus status = scope.status();
        if (status != SessionStatus.PURGED) {
            attributes.changedInPlace().forEach(session::insert);
            status = scope.status();
        }
        boolean newKey = status == SessionStatus.RENEWED || scope.key().isEmpty(); // new, renewed, or found gone
        if (newKey && status != SessionStatus.PURGED && committed()) {
            scope.discard();
            if (status == SessionStatus.RENEWED) {
                LOG.log(System.Logger.Level.WARNING, "a session renewal made after the response was committed was not"
                        + " stored, nor the session changes made with it: the new key could no longer reach the client,"
                        + " so the session keeps its old key");
            } else if (status != SessionStatus.UNCHANGED) {
                LOG.log(System.Logger.Level.WARNING, "session state written after the response was committed was not"
                        + " stored: the request's session is new or ended, and a new key could no longer reach the"
                        + " client");
            }
            return;
        }
        if (status == SessionStatus.RENEWED) {
            renewedHere = true;
        }
        try {
            scope.close();
        } catch (SessionStoreException e) {
            refuse(e.kind() == SessionStoreException.Kind.ENDED ? 409 : 500, e.toString());
            return;
        } catch (SessionValueException e) {
            refuse(500, e.toString());
            return;
        } catch (RuntimeException e) { // the store's argument checks, say: an unpaired surrogate in a name
            refuse(500, e.getClass().getName() + " (its message is not logged: it may quote a value)");
            return;
        }
        if (scope.status() == SessionStatus.PURGED) {
            storedKey = null;
            purgedHere = true;
        } else {
            // Nothing stored for a key found gone: the request keeps it, so that it is not handed a
            // new session in its next scope; a write there is refused as it would have been here.
            storedKey = scope.key().orElse(storedKey);
        }
    }

    /** Whether the response is committed: by the filter's own record, or as the container says. */
    private boolean committed() {
        return responseCommitted || notice.containerCommitted();
    }

    /**
     * Ends the open scope without storing it: the work failed. The session is what was stored
     * before (a session stored mid-scope to give it an id stays), an invalidation in the discarded
     * work is undone, and the attribute values handed out are forgotten; the HttpSession object
     * stays valid (another thread may hold it, an error page uses it).
     */
    synchronized void failed(Throwable failure) {
        if (!open) {
            return;
        }
        open = false;
        first = false;
        storedKey = scope.key().orElse(storedKey); // Session.id() may have stored it under a new key meanwhile
        try {
            scope.discard();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        invalidated = false;
        attributes.clear();
    }

    // ---- commits ----

    /** Commits, as {@code kind} says; see the class comment. */
    synchronized void commit(Commit kind) {
        if (refused || (responseCommitted && kind != Commit.END)) {
            return; // once the response committed, what follows is stored when the request ends
        }
        try {
            closeScope();
            if (!refused) {
                tellClient();
            }
        } finally {
            if (kind.commitsResponse) {
                responseSent |= !responseCommitted && kind == Commit.RESPONSE;
                responseCommitted = true;
            }
        }
        if (kind.reopen && !refused && Regions.in(this)) {
            openScope(true);
        }
    }

    /** Before an include: commits early if the session changed, so its cookie is not set during the include. */
    synchronized void beforeInclude() {
        if (!open || responseCommitted) {
            return;
        }
        attributes.changedInPlace().forEach(session::insert);
        if (scope.status() != SessionStatus.UNCHANGED) {
            commit(Commit.EARLY);
        }
    }

    /** An INCLUDE dispatch begins (true) or ends (false). */
    synchronized void including(boolean begins) {
        includes += begins ? 1 : -1;
    }

    /** Whether the request is in an include, where the container ignores sendError and sendRedirect. */
    synchronized boolean including() {
        return includes > 0;
    }

    /**
     * An ERROR dispatch starts: after {@code sendError} or the end of the dispatch the response is
     * what the container says it is now (not committed, for the error page), and what this request
     * told the client is told again if the container dropped it (Undertow resets the headers on the
     * way from an exception to the error page). A commit the filter recorded for a call that sends
     * the response stands: Undertow's {@code isCommitted()} says false after the declared length was
     * written, and its error page's first bytes then reach that length, before the key could be set.
     */
    synchronized void errorDispatch(HttpServletResponse response) {
        notice.base(response);
        if (!responseSent) {
            responseCommitted = response.isCommitted();
        }
        tellClient();
    }

    /**
     * Tells the client what it must know, unless the response still carries it: the session's key
     * if it is stored under another than the request came with, or a removal if this request
     * ended the session it came with.
     */
    private void tellClient() {
        String value = storedKey != null ? (storedKey.equals(requestKey) ? null : filter.transport().value(storedKey))
                : purgedHere && requestKey != null ? filter.transport().value(null) : null;
        if (value != null && !notice.tell(value, responseCommitted)) {
            LOG.log(System.Logger.Level.WARNING, storedKey == null
                    ? "the session was ended after the response was committed, so the client could not be told to"
                            + " drop its key (which no longer works)"
                    : "the session was stored under a new key after the response was committed (Session.id()), so"
                            + " the client could not be told it");
        }
    }

    /** {@code reset()} cleared the headers: tell the client again what this request decided. */
    synchronized void afterReset() {
        tellClient();
    }

    /**
     * A commit failed: answers {@code status} (409 when the session ended meanwhile, 500 otherwise)
     * in place of the handler's response, whose further output goes nowhere.
     */
    private void refuse(int status, String problem) {
        if (status != 409) {
            LOG.log(System.Logger.Level.WARNING, "the session could not be stored: " + problem);
        }
        if (committed()) {
            LOG.log(System.Logger.Level.WARNING, "session writes made after the response was committed were refused ("
                    + (status == 409 ? "the session ended meanwhile" : "store failure") + "); the client was not told");
            return;
        }
        refused = true;
        notice.answer(status);
        responseCommitted = true;
    }

    synchronized boolean refused() {
        return refused;
    }

    synchronized boolean responseCommitted() {
        return responseCommitted;
    }

    // ---- async ----

    synchronized int asyncStarts() {
        return asyncStarts;
    }

    synchronized SessionAsyncContext asyncStarted(jakarta.servlet.AsyncContext started) {
        asyncStarts++;
        asyncContext = new SessionAsyncContext(started, this);
        started.addListener(asyncContext.listener());
        return asyncContext;
    }

    synchronized SessionAsyncContext asyncContext() {
        return asyncContext;
    }

    // ---- the request's view ----

    /** HttpServletRequest.getSession(create). */
    synchronized HttpSession getSession(boolean create) {
        if (refused) {
            if (create) {
                throw new IllegalStateException("the session ended while this request was under way; the client"
                        + " was answered 409 Conflict");
            }
            return null;
        }
        if (httpSession != null) {
            return httpSession;
        }
        if (!invalidated && exists()) {
            httpSession = new WeftHttpSession(this, generation);
            return httpSession;
        }
        if (!create) {
            return null;
        }
        if (committed()) {
            throw new IllegalStateException("Cannot create a session after the response has been committed");
        }
        if (invalidated) {
            closeScope(); // the purge: stored now, so the new session starts clean
            if (refused) {
                throw new IllegalStateException("the ended session could not be removed, so no new one was begun");
            }
            ensureOpen();
            invalidated = false;
        }
        created = true;
        httpSession = new WeftHttpSession(this, generation);
        return httpSession;
    }

    /**
     * HttpSession.isNew(): whether the session began in this request, so the client does not know
     * it yet (a renewed session is not new).
     */
    synchronized boolean isNew(int of) {
        check(of);
        if (created) {
            return true;
        }
        if (first && open) {
            return session.isNew();
        }
        return requestKey == null || (!renewedHere && !requestKey.equals(storedKey));
    }

    /** Whether the request has a session: one it came with that is live, or one begun in it. */
    private boolean exists() {
        if (created) {
            return true;
        }
        Session current = session();
        SessionStatus status = current.status();
        return status == SessionStatus.CHANGED || status == SessionStatus.RENEWED || !current.isNew();
    }

    /** HttpServletRequest.changeSessionId(). */
    synchronized String changeSessionId() {
        if (getSession(false) == null) {
            throw new IllegalStateException("the request has no session whose id could change");
        }
        if (committed()) {
            throw new IllegalStateException("Cannot change the session id after the response has been committed");
        }
        Session current = session();
        current.renew();
        return id(current).toString();
    }

    /** HttpServletRequest.isRequestedSessionIdValid(). */
    synchronized boolean isRequestedSessionIdValid() {
        if (requestKey == null || refused || invalidated || purgedHere) {
            return false;
        }
        if (!open && !requestKey.equals(storedKey)) {
            return false;
        }
        Session current = session();
        return current.status() != SessionStatus.RENEWED && scope.key().map(requestKey::equals).orElse(false)
                && !current.isNew();
    }

    String requestedSessionId() {
        return requestedKey == null ? null : requestedKey.id().toString();
    }

    // ---- the HttpSession's view ----

    /** Why the HttpSession of generation {@code of} cannot be used, or null if it can. */
    private String invalidity(int of) {
        if (of != generation || invalidated) {
            return "the session was invalidated";
        }
        return refused ? "the session ended while this request was under way" : null;
    }

    /** Throws as the spec says unless {@code of} is the request's valid HttpSession. */
    synchronized void check(int of) {
        String problem = invalidity(of);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    synchronized boolean isValid(int of) {
        return invalidity(of) == null;
    }

    private SessionId id(Session current) {
        if (current.status() == SessionStatus.RENEWED) {
            renewedHere = true; // the renewal is stored now
        }
        try {
            return current.id();
        } catch (SessionStoreException e) {
            if (e.kind() == SessionStoreException.Kind.ENDED) {
                refuse(409, e.toString());
                throw new IllegalStateException("the session ended while this request was under way", e);
            }
            throw e;
        }
    }

    synchronized String id(int of) {
        check(of);
        Session current = session();
        if (committed() && current.status() != SessionStatus.PURGED
                && (current.status() == SessionStatus.RENEWED || current.isNew())) {
            throw new IllegalStateException("the session has no id yet, and the response is committed: a session"
                    + " stored now could not reach the client");
        }
        return id(current).toString();
    }

    /** getId() in one step: the id of the HttpSession of generation {@code of}, or null if it is not valid. */
    synchronized String idIfValid(int of) {
        return isValid(of) ? id(of) : null;
    }

    /** The session's identifier if it has a key already (nothing is stored for it), else null. */
    synchronized String knownId(int of) {
        check(of);
        SessionKey key = open ? scope.key().orElse(null) : storedKey;
        return key == null ? null : key.id().toString();
    }

    synchronized long creationTime(int of) {
        check(of);
        return session().createdAt().toEpochMilli();
    }

    /** The idle timeout in seconds of the HttpSession of generation {@code of}, or null if it is not valid. */
    synchronized Integer maxInactiveIntervalIfValid(int of) {
        if (!isValid(of)) {
            return null;
        }
        long seconds = session().idleTimeout().toSeconds();
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /** Sets the idle timeout unless the HttpSession of generation {@code of} is not valid; returns it as then, or null. */
    synchronized Integer maxInactiveIntervalIfValid(int of, int seconds) {
        if (!isValid(of)) {
            return null;
        }
        Duration timeout = seconds <= 0 ? SessionStore.MAX_TTL : Duration.ofSeconds(seconds);
        session().idleTimeout(timeout.compareTo(SessionStore.MAX_TTL) > 0 ? SessionStore.MAX_TTL : timeout);
        return maxInactiveIntervalIfValid(of);
    }

    synchronized Object getAttribute(int of, String name) {
        check(of);
        Objects.requireNonNull(name, "name");
        return attributes.get(session(), name);
    }

    synchronized Enumeration<String> getAttributeNames(int of) {
        check(of);
        return Collections.enumeration(attributes.names(session()));
    }

    void setAttribute(WeftHttpSession owner, int of, String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            removeAttribute(owner, of, name);
            return;
        }
        String text;
        boolean bind;
        synchronized (this) {
            check(of);
            text = filter.codec().encode(name, value);
            bind = value instanceof HttpSessionBindingListener && attributes.current(session(), name) != value;
        }
        if (bind) { // before the value can be seen; without the lock, since the listener may write to the response
            ((HttpSessionBindingListener) value).valueBound(new HttpSessionBindingEvent(owner, name, value));
        }
        Object old;
        synchronized (this) {
            check(of); // the session may have been invalidated meanwhile
            old = attributes.current(session(), name);
            attributes.set(session(), name, value, text);
        }
        if (old != value && old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(owner, name, old));
        }
    }

    void removeAttribute(WeftHttpSession owner, int of, String name) {
        Objects.requireNonNull(name, "name");
        Object old;
        synchronized (this) {
            check(of);
            if (!attributes.contains(session(), name)) {
                return;
            }
            old = attributes.current(session(), name);
            attributes.remove(session(), name);
        }
        if (old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(owner, name, old));
        }
    }

    /** HttpSession.invalidate(): purges the session and unbinds its listener values. */
    void invalidate(WeftHttpSession owner, int of) {
        Map<String, HttpSessionBindingListener> unbound;
        synchronized (this) {
            check(of);
            Session current = session();
            unbound = attributes.listeners(current);
            current.purge();
            generation++;
            httpSession = null;
            created = false;
            invalidated = true;
            attributes.clear();
        }
        unbound.forEach((name, value) -> value.valueUnbound(new HttpSessionBindingEvent(owner, name, value)));
    }
}
