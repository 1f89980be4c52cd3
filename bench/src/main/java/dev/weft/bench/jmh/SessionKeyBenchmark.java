package dev.weft.bench.jmh;

import dev.weft.store.SessionKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SessionKey#generate()}: 64 characters from one shared {@code SecureRandom}, once per new
 * session. Compared with {@link java.util.UUID#randomUUID()}, which Spring Session uses for ids.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionKeyBenchmark {

    @Benchmark
    public SessionKey generate() {
        return SessionKey.generate();
    }

    @Benchmark
    public java.util.UUID springSessionIdUuid() {
        return java.util.UUID.randomUUID();
    }
}
