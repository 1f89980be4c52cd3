package dev.weft.bench.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one system's server saw: requests (read-only, writing, creating) and the store operations
 * made while each ran. The client reads them before and after each round.
 */
final class Counters {

    final LongAdder reads = new LongAdder();
    final LongAdder readOps = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder writeOps = new LongAdder();
    final LongAdder creates = new LongAdder();
    final LongAdder createOps = new LongAdder();

    /** Counts a request of the given method and path that made {@code ops} store operations. */
    void count(String method, String uri, long ops) {
        if (uri.equals("/new")) {
            creates.increment();
            createOps.add(ops);
        } else if (method.equals("POST")) {
            writes.increment();
            writeOps.add(ops);
        } else {
            reads.increment();
            readOps.add(ops);
        }
    }

    /** One line of the server's answer to {@code STATS}: the six counts. */
    String line() {
        return reads.sum() + " " + readOps.sum() + " " + writes.sum() + " " + writeOps.sum() + " " + creates.sum()
                + " " + createOps.sum();
    }
}
