package dev.weft.bench.jmh;

import dev.weft.bench.InMemorySessionStore;
import dev.weft.bench.Payload;
import dev.weft.bench.ShopState;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole request of the load driver's workload, in the JVM only: what Weft itself costs per
 * request, without Hazelcast. Open a scope over an in-memory store, read the three 100-byte values
 * through woven fields (the first read loads the state and each read decodes its value), on
 * writing requests assign one, close (nothing to store, or one delta). Forks with the real agent,
 * like {@link WovenFieldBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-javaagent:bench/target/weft-agent.jar")
public class RequestBenchmark {

    private final ShopState state = new ShopState();
    private Sessions sessions;
    private SessionKey key;

    @Setup(Level.Trial)
    public void store() {
        ShopState.requireWoven();
        InMemorySessionStore store = new InMemorySessionStore();
        key = store.save(Payload.weftState(), Duration.ofMinutes(30)).toCompletableFuture().join();
        sessions = Sessions.builder().store(store).build();
    }

    @Benchmark
    public int readOnlyRequest() {
        try (SessionScope request = sessions.open(key)) {
            return state.profile.length() + state.cart.length() + state.prefs.length();
        }
    }

    @Benchmark
    public int writingRequest() {
        try (SessionScope request = sessions.open(key)) {
            int read = state.profile.length() + state.cart.length() + state.prefs.length();
            state.cart = Payload.nextCart(state.cart);
            return read;
        }
    }
}
