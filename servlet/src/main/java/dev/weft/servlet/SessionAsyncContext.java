package dev.weft.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The async cycle as the application sees it: {@link #complete()} and every {@code dispatch}
 * commit the request's session first (while the response can still carry its key), and work
 * given to {@link #start(Runnable)} runs with the session. If the cycle times out or fails, the
 * session's changes since the last commit are discarded.
 */
final class SessionAsyncContext implements AsyncContext {

    private final AsyncContext context;
    private final RequestSession session;

    SessionAsyncContext(AsyncContext context, RequestSession session) {
        this.context = context;
        this.session = session;
    }

    /** Ends the session's part in the cycle however the cycle ends. */
    AsyncListener listener() {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                session.commit(RequestSession.Commit.END); // a no-op after complete(); else what is left
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                session.failed(new IllegalStateException("the async cycle timed out"));
            }

            @Override
            public void onError(AsyncEvent event) {
                Throwable cause = event.getThrowable();
                session.failed(cause != null ? cause : new IllegalStateException("the async cycle failed"));
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // a new cycle registers a listener of its own
            }
        };
    }

    @Override
    public ServletRequest getRequest() {
        return context.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return context.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return context.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        try {
            session.commit(RequestSession.Commit.DISPATCH);
        } finally {
            context.dispatch();
        }
    }

    @Override
    public void dispatch(String path) {
        try {
            session.commit(RequestSession.Commit.DISPATCH);
        } finally {
            context.dispatch(path);
        }
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        try {
            session.commit(RequestSession.Commit.DISPATCH);
        } finally {
            context.dispatch(servletContext, path);
        }
    }

    @Override
    public void complete() {
        try {
            session.commit(RequestSession.Commit.END);
        } finally {
            context.complete();
        }
    }

    @Override
    public void start(Runnable run) {
        context.start(() -> {
            if (!Regions.in(session)) {
                SessionFilter.discardAbandoned(); // a container thread the request has not been running on
            }
            Regions.runTask(session, run);
        });
    }

    @Override
    public void addListener(AsyncListener listener) {
        context.addListener(ours(listener));
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        context.addListener(ours(listener), request, response);
    }

    /**
     * The application's listener, hearing events that carry this context instead of the
     * container's, so that {@code event.getAsyncContext().complete()} commits the session first.
     */
    private AsyncListener ours(AsyncListener listener) {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) throws IOException {
                listener.onComplete(ours(event));
            }

            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                listener.onTimeout(ours(event));
            }

            @Override
            public void onError(AsyncEvent event) throws IOException {
                listener.onError(ours(event));
            }

            @Override
            public void onStartAsync(AsyncEvent event) throws IOException {
                listener.onStartAsync(ours(event));
            }
        };
    }

    private AsyncEvent ours(AsyncEvent event) {
        return new AsyncEvent(this, event.getSuppliedRequest(), event.getSuppliedResponse(), event.getThrowable());
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return context.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
        context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return context.getTimeout();
    }
}
