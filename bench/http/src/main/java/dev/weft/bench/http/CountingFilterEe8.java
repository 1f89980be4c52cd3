package dev.weft.bench.http;

import dev.weft.bench.common.OpCounter;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * {@link CountingFilter} in {@code javax.servlet}, for hazelcast-wm on ee8: counts the request and the
 * store operations its thread made while the session filter and the servlet ran, commit included.
 * Two thread-local reads and two adders per request, the same for every system.
 */
final class CountingFilterEe8 implements Filter {

    private final Counters counters;

    CountingFilterEe8(Counters counters) {
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
