package dev.weft.servlet;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

/**
 * Regions: the stretches of a thread's time during which it runs a request's work (a dispatch, a
 * task given to {@code AsyncContext.start} or {@link SessionFilter#wrap}), with the request's
 * session bound to it through {@link dev.weft.session.SessionScope#wrap}. Outside them no scope is
 * bound to the thread.
 */
final class Regions {

    /** Which request's region the current thread is running in, if any. */
    private static final ThreadLocal<RequestSession> REGION = new ThreadLocal<>();

    private Regions() {
    }

    /** Whether this thread is running {@code session}'s work (a forward or include runs inside it). */
    static boolean in(RequestSession session) {
        return REGION.get() == session;
    }

    /**
     * Runs {@code work} with the session bound to this thread, unless this thread is already
     * running this request's work (a forward or include), where it is bound already. Whatever
     * {@code work} throws is rethrown unchanged.
     */
    static void run(RequestSession session, RequestSession.Work work) throws IOException, ServletException {
        call(session, () -> {
            work.run();
            return null;
        });
    }

    /** A task of the request's (AsyncContext.start, SessionFilter.wrap): a region whose failure discards. */
    static void runTask(RequestSession session, Runnable task) {
        try {
            call(session, Executors.callable(task));
        } catch (Throwable e) {
            session.failed(e);
            throw sneaky(e);
        }
    }

    /** As {@link #runTask(RequestSession, Runnable)}, with a result. */
    static <V> V callTask(RequestSession session, Callable<V> task) throws Exception {
        try {
            return call(session, task);
        } catch (Throwable e) {
            session.failed(e);
            throw sneaky(e);
        }
    }

    /** Runs {@code work} as a region of {@code session}'s; throws what it throws, unchanged, declared or not. */
    private static <V> V call(RequestSession session, Callable<V> work) {
        try {
            if (in(session)) {
                return work.call();
            }
            RequestSession outer = REGION.get();
            REGION.set(session);
            try {
                return session.scopeForRegion().wrap(work).call();
            } finally {
                if (outer == null) {
                    REGION.remove();
                } else {
                    REGION.set(outer);
                }
            }
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    /**
     * Throws {@code failure} as it is: a checked exception that code threw without declaring it
     * (Kotlin, Lombok's {@code @SneakyThrows}) reaches the container unwrapped.
     */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
