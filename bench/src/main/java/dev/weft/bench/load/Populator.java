package dev.weft.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/** Fills a system with sessions on a pool of threads, each waiting for its call before the next. */
final class Populator {

    private static final int THREADS = 32;

    private Populator() {
    }

    /** Runs {@code call(i)} and waits for it, for every i below {@code count}, on 32 threads. */
    static void async(int count, IntFunction<CompletionStage<?>> call) throws Exception {
        threads(count, i -> call.apply(i).toCompletableFuture().join());
    }

    /** Runs {@code call(i)} for every i below {@code count} on 32 threads. */
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
