package dev.weft.session;

import dev.weft.session.internal.SessionContext;
import dev.weft.store.SessionKey;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One unit of work (typically a request) with one session bound to the thread that opened it.
 * Closing it commits: what changed is stored, and {@link #key()} then tells where the state lives.
 *
 * <pre>{@code
 * try (SessionScope scope = sessions.open(keyOrNull)) {
 *     cart.add("apple");            // a @SessionScoped field
 * }
 * Optional<SessionKey> key = scope.key();
 * }</pre>
 *
 * <p>The session is used by one thread at a time: the opening thread, or a thread it was carried
 * to with {@link #wrap(Runnable)} (a scope from {@link Sessions#openUnbound} is bound only there).
 * The scope may be closed (or discarded) on any thread, once; the session is then unbound from
 * every thread it was bound to, which keep no reference to it. A
 * scope whose work failed should be {@linkplain #discard() discarded} instead of closed, so that
 * half-done changes are not stored; try-with-resources alone always commits.
 */
public final class SessionScope implements AutoCloseable {

    private final SessionContext context;
    private final boolean nested;
    private volatile SessionKey committed;
    private volatile boolean closed;
    private volatile SessionStatus finalStatus;

    SessionScope(SessionContext context, boolean nested) {
        this.context = context;
        this.nested = nested;
    }

    /**
     * Where the session's state lives: before close, the key the scope was opened with (empty for
     * a new session, or once the key was found not to exist); after close, the key the state was
     * stored under, or empty if nothing is stored (an empty new session, a purge, an unknown key
     * only read, or a discarded scope).
     */
    public Optional<SessionKey> key() {
        if (nested || !closed) {
            return context.key();
        }
        return Optional.ofNullable(committed);
    }

    /**
     * What the scope did with its session: before close, what it will do as far as known; after
     * close, {@link SessionStatus#PURGED} only if this scope purged it.
     */
    public SessionStatus status() {
        SessionStatus status = finalStatus;
        return status != null ? status : context.status();
    }

    /**
     * This scope's session, for code that holds the scope rather than running inside it (on a
     * thread it is not bound to, or after {@link Sessions#openUnbound}); the same view {@link
     * Session#current()} gives inside. Valid until the scope closes; one thread at a time.
     */
    public Session session() {
        return new Session(context);
    }

    /**
     * Returns a task that runs {@code task} with this scope's session bound to whatever thread runs
     * it. Run it before this scope closes, and not at the same time as other work on the session.
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            SessionContext previous = carryIn();
            try {
                task.run();
            } finally {
                SessionContext.bind(previous);
            }
        };
    }

    /** As {@link #wrap(Runnable)}, for a task with a result. */
    public <V> Callable<V> wrap(Callable<V> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            SessionContext previous = carryIn();
            try {
                return task.call();
            } finally {
                SessionContext.bind(previous);
            }
        };
    }

    private SessionContext carryIn() {
        SessionContext previous = SessionContext.current();
        if (previous != null && previous != context && !previous.isClosed()) {
            throw new IllegalStateException("another session scope is open on this thread");
        }
        return SessionContext.bind(context);
    }

    /**
     * Commits the session and unbinds it. Closing twice, or after {@link #discard()}, does nothing;
     * safe from any thread. A nested scope commits nothing (its outer scope does).
     *
     * @throws dev.weft.store.SessionStoreException if the store failed or refused: kind {@code
     *     ENDED} if the session was purged or renewed by another request meanwhile, {@code
     *     SERIALIZATION} over a size limit; nothing of this scope was stored then (a failed renewal:
     *     see {@code SessionStore#renew}), and the session is unbound all the same
     * @throws SessionValueException if a changed value could not be encoded
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!nested) {
            SessionStatus status = context.status();
            committed = context.commit();
            finalStatus = status;
        }
    }

    /**
     * Ends the scope without storing anything it changed (for work that failed) and unbinds it.
     * Does nothing after close. A nested scope leaves its outer scope alone.
     */
    public synchronized void discard() {
        if (closed) {
            return;
        }
        closed = true;
        if (!nested) {
            finalStatus = SessionStatus.UNCHANGED;
            context.discard();
        }
    }

    /**
     * For code where requests start (a filter): ends a scope still bound to this thread, left open
     * by earlier work on the same pool thread, without storing anything, so the request starts
     * clean. Does nothing if none is bound.
     *
     * @return whether a scope was left open
     */
    public static boolean discardAbandoned() {
        SessionContext left = SessionContext.current();
        SessionContext.bind(null);
        return left != null && left.discard();
    }
}
