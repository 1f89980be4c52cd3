package dev.weft.bench.http;

import dev.weft.bench.common.OpCounter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * The outermost filter of every Jakarta system (REQUEST dispatches only): counts the request and the
 * store operations its thread made while the session filter and the servlet ran, commit included.
 * Two thread-local reads and two adders per request, the same for every system.
 */
final class CountingFilter implements Filter {

    private final Counters counters;

    CountingFilter(Counters counters) {
        this.counters = counters;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long before = OpCounter.now();
        try {
            chain.doFilter(request, response);
        } finally {
            HttpServletRequest http = (HttpServletRequest) request;
            counters.count(http.getMethod(), http.getRequestURI(), OpCounter.now() - before);
        }
    }
}
