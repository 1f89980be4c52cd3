package dev.weft.servlet;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.Callable;

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
     * running this request's work (a forward or include), where it is bound already.
     */
    static void run(RequestSession session, RequestSession.Work work) throws IOException, ServletException {
        if (in(session)) {
            work.run();
            return;
        }
        RequestSession outer = REGION.get();
        REGION.set(session);
        try {
            session.scopeForRegion().wrap((Callable<Void>) () -> {
                work.run();
                return null;
            }).call();
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e); // Work throws nothing else
        } finally {
            if (outer == null) {
                REGION.remove();
            } else {
                REGION.set(outer);
            }
        }
    }

    /** A task of the request's (AsyncContext.start, SessionFilter.wrap): a region whose failure discards. */
    static void runTask(RequestSession session, Runnable task) {
        try {
            run(session, task::run);
        } catch (RuntimeException | Error e) {
            session.failed(e);
            throw e;
        } catch (IOException | ServletException e) {
            throw new IllegalStateException(e); // a Runnable throws neither
        }
    }

    /** As {@link #runTask(RequestSession, Runnable)}, with a result. */
    static <V> V callTask(RequestSession session, Callable<V> task) throws Exception {
        Object[] result = new Object[1];
        Exception[] thrown = new Exception[1];
        runTask(session, () -> {
            try {
                result[0] = task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                thrown[0] = e;
            }
        });
        if (thrown[0] != null) {
            session.failed(thrown[0]);
            throw thrown[0];
        }
        @SuppressWarnings("unchecked")
        V value = (V) result[0];
        return value;
    }
}
