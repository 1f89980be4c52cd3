package dev.weft.bench.common;

/**
 * Counts store (map) operations per thread, so that each request is given the operations made while
 * it ran: every system benchmarked makes its store calls on the request's thread (Weft's scopes call
 * the store's blocking view; Spring's repository, hazelcast-wm and the hand-written systems call the
 * synchronous {@code IMap} API).
 */
public final class OpCounter {

    private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

    private OpCounter() {
    }

    /** Counts one store operation on this thread. */
    public static void count() {
        COUNT.get()[0]++;
    }

    /** This thread's counter cell; element 0 is the number of operations so far (read it in a loop). */
    public static long[] cell() {
        return COUNT.get();
    }

    /** This thread's operations so far. */
    public static long now() {
        return COUNT.get()[0];
    }
}
