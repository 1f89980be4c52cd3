package dev.weft.session.internal;

import dev.weft.session.SessionEvent;
import dev.weft.store.SessionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sessions' meters, in Micrometer's naming conventions and never with a key in a tag:
 * <ul>
 *   <li>{@code weft.sessions.created}, {@code .renewed}, {@code .purged}, {@code .expired}: counters;
 *   <li>{@code weft.store.operations}: a timer per store operation, tagged {@code operation}
 *       ({@code load}, {@code loadAndUpdateTtl}, {@code save}, {@code updateDelta}, ...) and
 *       {@code outcome} ({@code success}, {@code refused}, {@code failure});
 *   <li>{@code weft.sessions.state.size}: the distribution of states' sizes as loaded, in bytes;
 *   <li>{@code weft.sessions.local}: the session entries this process holds, where the store can
 *       tell (the Hazelcast store: the entries this member owns, tombstones included).
 * </ul>
 */
public final class MicrometerTelemetry implements Telemetry {

    private final MeterRegistry registry;
    private final Map<SessionEvent.Type, Counter> events = new EnumMap<>(SessionEvent.Type.class);
    private final DistributionSummary stateSize;
    /** Timers by operation, then by outcome: looked up without building a name per operation. */
    private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    /**
     * The telemetry of {@code registry}, which must be a {@code MeterRegistry}: typed as an object so
     * that calling code never names a Micrometer type.
     */
    public static Telemetry of(Object registry, SessionStore store) {
        return new MicrometerTelemetry((MeterRegistry) registry, store);
    }

    private MicrometerTelemetry(MeterRegistry registry, SessionStore store) {
        this.registry = registry;
        for (SessionEvent.Type type : SessionEvent.Type.values()) {
            events.put(type, Counter.builder("weft.sessions." + type.name().toLowerCase(java.util.Locale.ROOT))
                    .description("sessions " + type.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        this.stateSize = DistributionSummary.builder("weft.sessions.state.size").baseUnit("bytes")
                .description("the size of sessions' states as loaded").register(registry);
        if (store.localEntryCount().isPresent()) {
            Gauge.builder("weft.sessions.local", store, s -> s.localEntryCount().orElse(0))
                    .description("session entries this process holds, tombstones included").register(registry);
        }
    }

    @Override
    public void operation(String operation, long nanos, String outcome) {
        timers.computeIfAbsent(operation, o -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Timer.builder("weft.store.operations").tag("operation", operation)
                        .tag("outcome", outcome).description("session store operations").register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void event(SessionEvent.Type type) {
        events.get(type).increment();
    }

    @Override
    public void loadedState(Map<String, String> state) {
        stateSize.record(utf8Size(state));
    }

    /** The UTF-8 length of the state's keys and values. */
    private static long utf8Size(Map<String, String> state) {
        long bytes = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
    }

    private static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
