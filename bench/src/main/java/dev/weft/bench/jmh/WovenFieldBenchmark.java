package dev.weft.bench.jmh;

import dev.weft.bench.InMemorySessionStore;
import dev.weft.bench.Payload;
import dev.weft.bench.ShopState;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code @SessionScoped} field itself, read and written as a program writes it, woven by the
 * real agent. The fork adds {@code -javaagent:bench/target/weft-agent.jar} (the build copies the
 * agent there), so run the benchmarks jar from the repository root; setup fails if the fields are
 * not woven. Compare with {@link SessionFieldBenchmark}'s bridge calls for the agent's own cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-javaagent:bench/target/weft-agent.jar")
public class WovenFieldBenchmark {

    private ShopState owner;
    private final String next = Payload.CART_WRITES[0];
    private SessionScope scope;
    private int counter;

    @Setup(Level.Trial)
    public void open() {
        ShopState.requireWoven();
        InMemorySessionStore store = new InMemorySessionStore();
        Map<String, String> state = new HashMap<>(Payload.weftState());
        state.put(ShopState.VISITS, "7");
        SessionKey key = store.save(state, Duration.ofMinutes(30)).toCompletableFuture().join();
        scope = Sessions.builder().store(store).build().open(key);
        owner = new ShopState();
        if (!Payload.PROFILE.equals(owner.profile) || owner.visits != 7) {
            throw new IllegalStateException("the woven fields did not read the session's state");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        scope.close();
    }

    @Benchmark
    public String wovenRead() {
        return owner.profile;
    }

    @Benchmark
    public void wovenWrite() {
        owner.profile = next;
    }

    @Benchmark
    public int wovenReadInt() {
        return owner.visits;
    }

    @Benchmark
    public void wovenWriteInt() {
        owner.visits = ++counter;
    }
}
