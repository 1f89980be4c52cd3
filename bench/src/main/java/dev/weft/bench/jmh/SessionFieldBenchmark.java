package dev.weft.bench.jmh;

import dev.weft.bench.InMemorySessionStore;
import dev.weft.bench.Payload;
import dev.weft.bench.ShopState;
import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.session.internal.SessionBridge;
import dev.weft.session.internal.SessionField;
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
import org.springframework.session.MapSession;

/**
 * A session value read and written inside an open scope whose state is already loaded, against
 * the same through a {@link HashMap} and through Spring Session's {@link MapSession}. The bridge
 * methods are exactly what woven code calls ({@link WovenFieldBenchmark} measures the woven field
 * itself); no agent is needed here. The store is in memory and is touched only when the scope
 * opens and closes, outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionFieldBenchmark {

    private static final SessionField PROFILE = SessionBridge.field(ShopState.class, "profile");
    private static final SessionField VISITS = SessionBridge.field(ShopState.class, "visits");

    private static final ThreadLocal<Object[]> CURRENT = ThreadLocal.withInitial(() -> new Object[16]);

    private final ShopState owner = new ShopState();
    private final PlainState plain = new PlainState();
    private final Map<String, Object> hashMap = new HashMap<>();
    private final MapSession mapSession = new MapSession();
    private final String next = Payload.CART_WRITES[0];
    private SessionScope scope;
    private int counter;

    /** The same fields without {@code @SessionScoped}: what a plain field access costs. */
    public static final class PlainState {
        public String profile = Payload.PROFILE;
    }

    @Setup(Level.Trial)
    public void open() {
        InMemorySessionStore store = new InMemorySessionStore();
        Map<String, String> state = new HashMap<>(Payload.weftState());
        state.put(ShopState.VISITS, "7");
        SessionKey key = store.save(state, Duration.ofMinutes(30)).toCompletableFuture().join();
        Sessions sessions = Sessions.builder().withoutAgent().store(store).build();
        scope = sessions.open(key); // binds to this (the benchmark's) thread
        if (!Payload.PROFILE.equals(SessionBridge.getReference(owner, PROFILE))
                || SessionBridge.getInt(owner, VISITS) != 7) {
            throw new IllegalStateException("the session did not load its state");
        }
        hashMap.put(ShopState.PROFILE, Payload.PROFILE);
        hashMap.put(ShopState.CART, Payload.CART);
        hashMap.put(ShopState.PREFS, Payload.PREFS);
        hashMap.put(ShopState.VISITS, 7);
        mapSession.setAttribute(ShopState.PROFILE, Payload.PROFILE);
        mapSession.setAttribute(ShopState.CART, Payload.CART);
        mapSession.setAttribute(ShopState.PREFS, Payload.PREFS);
        mapSession.setAttribute(ShopState.VISITS, 7);
    }

    @TearDown(Level.Trial)
    public void close() {
        scope.close();
    }

    @Benchmark
    public String plainFieldRead() {
        return plain.profile;
    }

    @Benchmark
    public Object hashMapGet() {
        return hashMap.get(ShopState.PROFILE);
    }

    /** The target of issue 4 for a woven read: a map lookup plus the cast a typed read needs. */
    @Benchmark
    public String hashMapGetAndCast() {
        return (String) hashMap.get(ShopState.PROFILE);
    }

    /** What finding the current scope costs: the one thread-local read on a woven read's path. */
    @Benchmark
    public Object threadLocalGet() {
        return CURRENT.get();
    }

    @Benchmark
    public Object hashMapPut() {
        return hashMap.put(ShopState.PROFILE, next);
    }

    @Benchmark
    public Object mapSessionGetAttribute() {
        return mapSession.getAttribute(ShopState.PROFILE);
    }

    @Benchmark
    public void mapSessionSetAttribute() {
        mapSession.setAttribute(ShopState.PROFILE, next);
    }

    @Benchmark
    public Object bridgeGetReference() {
        return SessionBridge.getReference(owner, PROFILE);
    }

    @Benchmark
    public void bridgeSetReference() {
        SessionBridge.setReference(owner, next, PROFILE);
    }

    @Benchmark
    public int bridgeGetInt() {
        return SessionBridge.getInt(owner, VISITS);
    }

    /** Boxes like a {@code HashMap} of Integer would: counter values above 127 allocate. */
    @Benchmark
    public void bridgeSetInt() {
        SessionBridge.setInt(owner, ++counter, VISITS);
    }

    /** The explicit API decodes the stored JSON on every call. */
    @Benchmark
    public Object apiGet() {
        return Session.current().get(ShopState.PROFILE, String.class);
    }

    /** The explicit API encodes the value as JSON on every call. */
    @Benchmark
    public void apiInsert() {
        Session.current().insert(ShopState.PROFILE, next);
    }
}
