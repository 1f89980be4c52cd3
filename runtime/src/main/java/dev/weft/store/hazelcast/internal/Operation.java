package dev.weft.store.hazelcast.internal;

import com.hazelcast.map.EntryProcessor;
import dev.weft.store.SessionStoreException;
import java.util.function.Function;

/**
 * One step of a store operation, prepared: arguments checked, bytes encoded, processor built.
 * Immutable, so a runner may run it asynchronously or blocking, and make it again when an
 * interrupt cut a blocking wait short. What the result means, and whether another step follows
 * (a save under a new key when the session was gone, the next step of a renewal), is decided by
 * {@link #finish}; what a Hazelcast failure means, by {@link #failed}.
 *
 * @param <T> what the whole operation answers
 */
public final class Operation<T> {

    /** What comes after a step: the answer, or the next step. */
    public sealed interface Step<T> {
    }

    /** The operation is done and answers {@code value}. */
    public record Done<T>(T value) implements Step<T> {
    }

    /** Another step follows. */
    public record Next<T>(Operation<T> operation) implements Step<T> {
    }

    /** Maps a step's result to what follows; may throw the store's exception for a refusal. */
    @FunctionalInterface
    interface Finish<T> {
        Step<T> apply(Object result);
    }

    private static final Runnable NOTHING = () -> { };

    private final byte[] key;
    private final EntryProcessor<byte[], Object, Object> processor;
    private final Finish<T> finish;
    private final Function<Throwable, Step<T>> failed;
    private final Runnable before;

    Operation(byte[] key, EntryProcessor<byte[], Object, Object> processor, Finish<T> finish,
            Function<Throwable, Step<T>> failed) {
        this(key, processor, finish, failed, NOTHING);
    }

    private Operation(byte[] key, EntryProcessor<byte[], Object, Object> processor, Finish<T> finish,
            Function<Throwable, Step<T>> failed, Runnable before) {
        this.key = key;
        this.processor = processor;
        this.finish = finish;
        this.failed = failed;
        this.before = before;
    }

    /** A step whose Hazelcast failures all become {@code failure(cause)}. */
    static <T> Operation<T> of(byte[] key, EntryProcessor<byte[], Object, Object> processor, Finish<T> finish,
            Function<Throwable, ? extends SessionStoreException> failure) {
        return new Operation<>(key, processor, finish, cause -> {
            throw failure.apply(cause);
        });
    }

    /** The map key (a session's digest) the step runs on. */
    public byte[] key() {
        return key;
    }

    /** What runs on the key's partition, or null: the step reads the stored value as it is. */
    public EntryProcessor<byte[], Object, Object> processor() {
        return processor;
    }

    /**
     * What the step's result means.
     *
     * @throws SessionStoreException where the result is a refusal
     */
    public Step<T> finish(Object result) {
        return finish.apply(result);
    }

    /**
     * What a failure of the step's Hazelcast call means: usually the store's exception for it
     * (thrown), sometimes a step that makes do without it.
     *
     * @throws SessionStoreException for the failure
     */
    public Step<T> failed(Throwable cause) {
        return failed.apply(cause);
    }

    /** This step, with {@code action} run right before its Hazelcast call, on the thread that makes it. */
    Operation<T> preceded(Runnable action) {
        return new Operation<>(key, processor, finish, failed, action);
    }

    /** Runs what must happen right before this step's Hazelcast call (tests pause there). */
    public void beforeCall() {
        before.run();
    }
}
