package dev.weft.store.hazelcast.internal;

import com.hazelcast.map.IMap;

/**
 * Runs operations through Hazelcast's synchronous API on the calling thread: the same steps as
 * the {@link AsyncRunner}, without a hand-off to another thread.
 *
 * <p>Like {@link java.util.concurrent.CompletableFuture#join()}, a call does not give up when the
 * thread is interrupted: the interrupt flag is cleared for the call and set again afterwards. A
 * synchronous Hazelcast call that an interrupt reaches while it waits gives up waiting although
 * its operation may have run, so such a call is made again: every step ends in the same state when
 * made twice (each carries its own time, and a save or renewal step recognises its own earlier
 * write).
 */
public final class BlockingRunner {

    /** How often a call is made again after interrupts cut its wait short. */
    private static final int INTERRUPTED_ATTEMPTS = 10;

    private final IMap<byte[], Object> map;

    public BlockingRunner(IMap<byte[], Object> map) {
        this.map = map;
    }

    /** Runs {@code operation} and every step that follows it; returns the answer or throws the store's exception. */
    public <T> T run(Operation<T> operation) {
        Operation<T> current = operation;
        while (true) {
            Operation.Step<T> step;
            Object result;
            current.beforeCall();
            try {
                result = uninterruptibly(current);
                step = current.finish(result);
            } catch (HazelcastCallFailed e) {
                step = current.failed(e.getCause());
            }
            if (step instanceof Operation.Done<T> done) {
                return done.value();
            }
            current = ((Operation.Next<T>) step).operation();
        }
    }

    private Object uninterruptibly(Operation<?> operation) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return operation.processor() == null ? map.get(operation.key())
                            : map.executeOnKey(operation.key(), operation.processor());
                } catch (Exception e) { // Hazelcast may rethrow a checked exception unchecked
                    if (!causedByInterrupt(e) || attempt == INTERRUPTED_ATTEMPTS) {
                        throw new HazelcastCallFailed(e);
                    }
                    interrupted = true;
                    Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean causedByInterrupt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Carries a Hazelcast call's failure to {@link Operation#failed}, apart from failures of {@code finish}. */
    private static final class HazelcastCallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HazelcastCallFailed(Throwable cause) {
            super(cause);
        }
    }
}
