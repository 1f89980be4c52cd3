package dev.weft.bench.load;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import dev.weft.bench.common.LoopbackCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.session.MapSession;
import org.springframework.session.hazelcast.HazelcastSessionSerializer;

/**
 * The two-member benchmark cluster ({@link LoopbackCluster}): this JVM is one member, a second member
 * runs in a child JVM ({@link ClusterMember}) that is always stopped (on close, on a shutdown hook,
 * and by itself when this JVM's pipe to it closes, even after {@code kill -9}).
 *
 * <p>Loopback only, TCP-IP join with each member's port listed on its own, multicast and
 * auto-detection off, phone-home and logging off. Both members carry the same configuration:
 * Spring Session's recommended {@link HazelcastSessionSerializer} for {@link MapSession}, the map of
 * the "floor" system with a max-idle time, so plain reads slide its expiry, and Weft's maps as
 * {@code HazelcastSessionStore.startMember()} sets them up.
 */
public final class BenchCluster {

    /** The maps each system keeps its sessions in. */
    public static final String WEFT_MAP = "weft.sessions";
    public static final String SPRING_MAP = "spring:session:sessions";
    public static final String RAW_MAP = "raw.sessions";
    public static final String FLOOR_MAP = "floor.sessions";
    /** Weft's map without the principal index, to measure what the index costs (memory step only). */
    public static final String WEFT_UNINDEXED_MAP = "weft.unindexed";

    private BenchCluster() {
    }

    /** The Hazelcast configuration both members use. */
    static Config config(String clusterName, int port, List<Integer> ports, Duration ttl) {
        Config config = LoopbackCluster.memberConfig(clusterName, port, ports);
        config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                .setImplementation(new HazelcastSessionSerializer()).setTypeClass(MapSession.class));
        config.getMapConfig(FLOOR_MAP).setMaxIdleSeconds((int) ttl.getSeconds());
        // The session map as HazelcastSessionStore.startMember() configures it: merge policy, principal index.
        LoopbackCluster.weftSessionMap(config, WEFT_MAP, true);
        LoopbackCluster.weftSessionMap(config, WEFT_UNINDEXED_MAP, false);
        return config;
    }

    /**
     * Starts the member in this JVM, then the child member, and waits until both see each other.
     *
     * @param firstPort this member's port; the child gets the next one
     * @param childJvmArgs JVM options for the child (heap size, GC)
     * @param childLog where the child's output goes
     */
    public static LoopbackCluster start(int firstPort, List<String> childJvmArgs, Path childLog, Duration ttl)
            throws IOException, InterruptedException {
        String clusterName = "weft-bench-" + ProcessHandle.current().pid();
        List<Integer> ports = List.of(firstPort, firstPort + 1);
        List<String> childArgs = new ArrayList<>(List.of(clusterName, Integer.toString(firstPort + 1),
                Long.toString(ttl.getSeconds())));
        for (int p : ports) {
            childArgs.add(Integer.toString(p));
        }
        return LoopbackCluster.start(config(clusterName, firstPort, ports, ttl), childJvmArgs, childLog,
                ClusterMember.class, childArgs);
    }
}
