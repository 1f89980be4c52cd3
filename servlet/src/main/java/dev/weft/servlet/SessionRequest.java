package dev.weft.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The request as the application sees it: its session is the request's Weft session, and an
 * async cycle keeps it (and these wrappers) until the cycle ends.
 */
final class SessionRequest extends HttpServletRequestWrapper {

    private final RequestSession session;
    /** The response of the same dispatch (ours, or a wrapper of ours), which {@link #startAsync()} passes on. */
    private final ServletResponse response;

    SessionRequest(HttpServletRequest request, RequestSession session, ServletResponse response) {
        super(request);
        this.session = session;
        this.response = response;
    }

    RequestSession session() {
        return session;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return session.getSession(create);
    }

    @Override
    public HttpSession getSession() {
        return session.getSession(true);
    }

    @Override
    public String changeSessionId() {
        return session.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return session.requestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return session.isRequestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return session.requestedSessionId() != null && session.filter.transport().isCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false; // Weft never reads a key from a URL
    }

    /** Starts the async cycle with these wrappers (not the container's objects), so the session goes along. */
    @Override
    public AsyncContext startAsync() {
        return session.asyncStarted(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return session.asyncStarted(super.startAsync(request, response));
    }

    /**
     * The container's dispatcher, except that an include commits the session first if it changed:
     * the included resource may commit the response, and Undertow already ignores cookies and
     * headers set once an include has begun, even at the included dispatch's filters.
     */
    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        RequestDispatcher dispatcher = super.getRequestDispatcher(path);
        if (dispatcher == null) {
            return null;
        }
        return new RequestDispatcher() {
            @Override
            public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
                dispatcher.forward(request, response);
            }

            @Override
            public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
                session.beforeInclude();
                dispatcher.include(request, response);
            }
        };
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext current = super.getAsyncContext(); // throws as the spec says if no cycle was started
        AsyncContext ours = session.asyncContext();
        return ours != null ? ours : current;
    }
}
