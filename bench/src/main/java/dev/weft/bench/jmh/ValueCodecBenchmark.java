package dev.weft.bench.jmh;

import dev.weft.bench.Payload;
import dev.weft.session.internal.ValueCodec;
import java.util.List;
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
import tools.jackson.databind.JavaType;

/**
 * The session value codec ({@link ValueCodec#DEFAULT}) on typical values: a 100-character string (what
 * the load driver stores) and a small record with a list, about 100 bytes of JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValueCodecBenchmark {

    /** A cart line. */
    public record Line(String sku, int quantity) {
    }

    /** A typical structured session value. */
    public record Cart(List<Line> lines, String coupon, long updatedAt) {
    }

    private static final ValueCodec CODEC = ValueCodec.DEFAULT;
    private final Cart cart = new Cart(List.of(new Line("sku-1001", 2), new Line("sku-2002", 1),
            new Line("sku-3003", 5)), "AUTUMN", 1_764_000_000_000L);
    private final JavaType cartType = CODEC.type(Cart.class);
    private final JavaType stringType = CODEC.type(String.class);
    private final String cartJson = CODEC.encode("cart", cart);
    private final String stringJson = CODEC.encode("profile", Payload.PROFILE);

    @Benchmark
    public String encodeRecord() {
        return CODEC.encode("cart", cart);
    }

    @Benchmark
    public Object decodeRecord() {
        return CODEC.decode("cart", cartJson, cartType);
    }

    @Benchmark
    public String encodeString() {
        return CODEC.encode("profile", Payload.PROFILE);
    }

    @Benchmark
    public Object decodeString() {
        return CODEC.decode("profile", stringJson, stringType);
    }
}
