package dev.weft.bench.jmh;

import dev.weft.store.SessionId;
import dev.weft.store.SessionKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SessionKey#generate()}: 64 characters from one shared {@code SecureRandom}, once per new
 * session. Compared with {@link java.util.UUID#randomUUID()}, which Spring Session uses for ids.
 * And what every request with a cookie pays to find its session: {@link SessionKey#parse} of the
 * cookie's text and the key's {@link SessionKey#id() digest} (SHA-256), under which the store keeps
 * the session.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SessionKeyBenchmark {

    private final String cookie = SessionKey.generate().value();

    /** What a request does with its cookie: parse it, and digest it once for the store. */
    @Benchmark
    public SessionId parseAndDigest() {
        return SessionKey.parse(cookie).id();
    }

    /** Parsing alone, to see the digest's share. */
    @Benchmark
    public SessionKey parse() {
        return SessionKey.parse(cookie);
    }

    @Benchmark
    public SessionKey generate() {
        return SessionKey.generate();
    }

    @Benchmark
    public java.util.UUID springSessionIdUuid() {
        return java.util.UUID.randomUUID();
    }
}
