package dev.weft.bench.common;

import java.util.concurrent.CountDownLatch;

/**
 * The start line of a measured round: closed-loop worker threads wait at it until every one of them
 * is ready, then all run from the same start to the same deadline. Between {@link #start} and {@link
 * #run} the driver takes its readings (CPU time, counters), while every worker waits.
 */
public final class RoundGate {

    private final CountDownLatch ready;
    private final CountDownLatch go = new CountDownLatch(1);
    private final Thread[] threads;
    /** {@link System#nanoTime()} at the start and the deadline; written before {@code go} opens, read after. */
    private long start;
    private long deadline;

    /** A gate for {@code workers} workers. */
    public RoundGate(int workers) {
        this.ready = new CountDownLatch(workers);
        this.threads = new Thread[workers];
    }

    /**
     * For each worker, first thing in its thread: says it is ready and waits for the start.
     *
     * @return the deadline ({@link System#nanoTime()}): the worker starts no request at or after it;
     *     {@link Long#MIN_VALUE}, a deadline already past, if the thread was interrupted while waiting
     *     (its interrupt status is set again)
     */
    public long arrive() {
        ready.countDown();
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Long.MIN_VALUE;
        }
        return deadline;
    }

    /**
     * Starts a thread named {@code name-<i>} for each of {@code workers} (as many as the gate was made
     * for; each calls {@link #arrive}) and waits until every one has arrived.
     */
    public void start(Runnable[] workers, String name) throws InterruptedException {
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(workers[t], name + "-" + t);
            threads[t].start();
        }
        ready.await();
    }

    /**
     * Opens the gate: the round runs from now for {@code nanos}; waits until every worker has ended.
     *
     * @return the seconds from the start to the end of the last worker
     */
    public double run(long nanos) throws InterruptedException {
        start = System.nanoTime();
        deadline = start + nanos;
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long ended = System.nanoTime();
        return (ended - start) / 1e9;
    }
}
