package dev.weft.store.hazelcast.internal;

import com.hazelcast.map.IMap;
import dev.weft.store.SessionStoreException;
import dev.weft.store.internal.Failures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs operations through Hazelcast's asynchronous API. The runner's own continuations (mapping a
 * result, deciding the next step) run on the thread that completes the Hazelcast future: they are
 * short and never block, and without this Hazelcast would hand each to its default executor, which
 * on a machine with two cores or fewer starts a new thread for every one. A next step, which calls
 * Hazelcast again, is started on {@code followUps} instead, because the completing thread may be a
 * partition thread, which must not invoke operations.
 */
public final class AsyncRunner {

    private static final Executor ON_COMPLETING_THREAD = Runnable::run;

    private final IMap<byte[], Object> map;
    private final Executor followUps;

    public AsyncRunner(IMap<byte[], Object> map, Executor followUps) {
        this.map = map;
        this.followUps = followUps;
    }

    /** Runs {@code operation} and every step that follows it; the stage completes with the answer. */
    public <T> CompletionStage<T> run(Operation<T> operation) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        start(operation, answer);
        return answer;
    }

    private <T> void start(Operation<T> operation, CompletableFuture<T> answer) {
        CompletionStage<Object> call;
        try {
            operation.beforeCall();
            call = operation.processor() == null ? map.getAsync(operation.key())
                    : map.submitToKey(operation.key(), operation.processor());
        } catch (RuntimeException e) {
            step(operation, null, e, answer);
            return;
        }
        call.whenCompleteAsync((result, failure) -> step(operation, result, failure, answer), ON_COMPLETING_THREAD);
    }

    private <T> void step(Operation<T> operation, Object result, Throwable failure, CompletableFuture<T> answer) {
        Operation.Step<T> step;
        try {
            step = failure == null ? operation.finish(result) : operation.failed(Failures.unwrap(failure));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
        }
        if (step instanceof Operation.Done<T> done) {
            answer.complete(done.value());
            return;
        }
        Operation<T> next = ((Operation.Next<T>) step).operation();
        try {
            followUps.execute(() -> start(next, answer));
        } catch (RuntimeException rejected) {
            answer.completeExceptionally(new SessionStoreException(SessionStoreException.Kind.OTHER,
                    "the store's executor refused the operation's next step", rejected));
        }
    }
}
