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
 * to with {@link #wrap(Runnable)}. The scope may be closed on any thread; the session is then
 * closed for every thread it was bound to.
 */
public final class SessionScope implements AutoCloseable {

    private final SessionContext context;
    private final boolean nested;
    private SessionKey committed;
    private boolean closed;

    SessionScope(SessionContext context, boolean nested) {
        this.context = context;
        this.nested = nested;
    }

    /**
     * Where the session's state lives: before close, the key the scope was opened with (empty for
     * a new session, or once the key was found not to exist); after close, the key the state was
     * stored under, or empty if nothing is stored (an empty new session, or after purge).
     */
    public Optional<SessionKey> key() {
        if (nested) {
            return context.key();
        }
        return closed ? Optional.ofNullable(committed) : context.key();
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
     * Commits the session and unbinds it from this thread. Closing twice does nothing.
     *
     * @throws dev.weft.store.SessionStoreException if the store failed; the stored state is as it
     *     was before the scope, and the thread is unbound all the same
     * @throws SessionValueException if a changed value could not be encoded
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!nested) {
            committed = context.commit();
        }
    }
}
