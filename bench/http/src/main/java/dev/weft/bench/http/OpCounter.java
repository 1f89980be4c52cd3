package dev.weft.bench.http;

/**
 * Counts store (map) operations per thread, so that {@link CountingFilter} can give each request
 * the operations made while it ran: every system here makes its store calls on the request's
 * thread (Weft's scopes call the store's blocking view; Spring's repository and hazelcast-wm call
 * the synchronous {@code IMap} API).
 */
final class OpCounter {

    private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

    private OpCounter() {
    }

    /** Counts one store operation on this thread. */
    static void count() {
        COUNT.get()[0]++;
    }

    /** This thread's operations so far. */
    static long now() {
        return COUNT.get()[0];
    }
}
