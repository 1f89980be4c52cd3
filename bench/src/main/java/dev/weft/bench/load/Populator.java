package dev.weft.bench.load;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.ArrayList;
import java.util.List;

/** Fills a system with sessions quickly: asynchronous calls kept in flight, or a pool of threads. */
final class Populator {

    private static final int IN_FLIGHT = 512;
    private static final int THREADS = 16;

    private Populator() {
    }

    /** Runs {@code call(i)} for every i below {@code count}, up to 512 at a time. */
    static void async(int count, IntFunction<CompletionStage<?>> call) throws InterruptedException {
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            window.acquire();
            call.apply(i).whenComplete((ignored, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                window.release();
            });
        }
        window.acquire(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("populating failed", failure.get());
        }
    }

    /** Runs {@code call(i)} for every i below {@code count} on 16 threads. */
    static void threads(int count, IntConsumer call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < count; i += THREADS) {
                        call.accept(i);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
