package dev.weft.bench.load;

/**
 * Counts store operations per thread, so the driver can attribute them to the request that made
 * them: a request runs on one thread from start to end, and every system's store calls are made
 * on the calling thread.
 */
final class OpCounter {

    private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

    private OpCounter() {
    }

    /** Counts one store operation on this thread. */
    static void count() {
        COUNT.get()[0]++;
    }

    /** This thread's counter cell; element 0 is the number of operations so far. */
    static long[] cell() {
        return COUNT.get();
    }
}
