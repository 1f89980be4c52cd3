package dev.weft.bench.load;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.weft.bench.Payload;
import dev.weft.bench.common.OpCounter;
import dev.weft.store.SessionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Hand-written {@link IMap} calls on the state as a flat {@code String[]}, as a hand-written store would keep it.
 * Two variants:
 * <ul>
 *   <li>{@code raw}: {@code get}, then {@code set} with the TTL on every request, the least a
 *       store-backed session with sliding expiry must do when the store has no read-and-touch;
 *   <li>{@code floor}: {@code get}, and {@code set} only on writing requests; the map has a
 *       max-idle time, so Hazelcast slides expiry on the read itself.
 * </ul>
 */
final class RawMapSystem implements SessionSystem {

    private final boolean floor;
    private final IMap<String, String[]> map;
    private final long ttlSeconds;
    private String[] keys;

    RawMapSystem(HazelcastInstance hazelcast, boolean floor, Duration ttl) {
        this.floor = floor;
        this.map = hazelcast.getMap(floor ? BenchCluster.FLOOR_MAP : BenchCluster.RAW_MAP);
        this.ttlSeconds = ttl.getSeconds();
    }

    @Override
    public String name() {
        return floor ? "floor" : "raw";
    }

    @Override
    public String description() {
        return floor ? "IMap get; set only on writes (map max-idle slides expiry): the floor"
                : "IMap get + set(value, TTL) on every request";
    }

    @Override
    public void populate(int count) throws Exception {
        String[] made = new String[count];
        String[] state = Payload.rawState();
        Populator.threads(count, i -> {
            made[i] = SessionKey.generate().value();
            if (floor) {
                map.set(made[i], state);
            } else {
                map.set(made[i], state, ttlSeconds, TimeUnit.SECONDS);
            }
        });
        keys = made;
    }

    @Override
    public int request(int index, boolean write) {
        String key = keys[index];
        String[] state = map.get(key);
        OpCounter.count();
        if (state == null) {
            throw new IllegalStateException("session " + index + " was not found");
        }
        int read = state[1].length() + state[3].length() + state[5].length();
        if (write) {
            state = state.clone();
            state[3] = Payload.nextCart(state[3]);
        }
        if (!floor) {
            map.set(key, state, ttlSeconds, TimeUnit.SECONDS);
            OpCounter.count();
        } else if (write) {
            map.set(key, state);
            OpCounter.count();
        }
        return read;
    }
}
