package dev.weft.bench.http;

import com.hazelcast.config.AttributeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.SerializerConfig;
import dev.weft.bench.common.LoopbackCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.session.MapSession;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.hazelcast.HazelcastSessionSerializer;
import org.springframework.session.hazelcast.PrincipalNameExtractor;

/**
 * The two-member cluster the server runs on, as {@code bench/}'s ({@link LoopbackCluster}): the
 * server JVM is one member, a child JVM ({@link ClusterMember}) is the second, always stopped (on
 * close, by a shutdown hook, and by itself when its standard input closes, even after {@code kill
 * -9}). Loopback only, TCP-IP join with each port listed, multicast and auto-detection off,
 * phone-home and logging off, one synchronous backup (the default).
 *
 * <p>Both members carry every system's map configuration, as each system's documentation asks:
 * Weft's maps as {@code HazelcastSessionStore.startMember()} sets them up (merge policy, principal
 * index); Spring Session's map with its principal-name attribute and index, and its recommended
 * {@link HazelcastSessionSerializer}; hazelcast-wm's map with the max-idle time it would set itself
 * if it started the member (it does not when given an {@code instance-name}); the reference
 * {@code imap-floor}'s map with a max-idle time, so plain reads slide its expiry.
 */
final class HttpCluster {

    /** Every system's sessions live 30 minutes without requests. */
    static final Duration TTL = Duration.ofMinutes(30);
    /** The server member's instance name, which hazelcast-wm finds it by. */
    static final String INSTANCE_NAME = "weft-bench-http";

    static final String WEFT_MAP = "weft.sessions";
    static final String WEFT_HTTPSESSION_MAP = "weft-httpsession.sessions";
    static final String SPRING_MAP = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;
    static final String WM_MAP = "hazelcast-wm.sessions";
    static final String FLOOR_MAP = "imap-floor.sessions";

    private HttpCluster() {
    }

    /** The configuration of both members. */
    static Config config(String clusterName, int port, List<Integer> ports) {
        Config config = LoopbackCluster.memberConfig(clusterName, port, ports);
        for (String weft : List.of(WEFT_MAP, WEFT_HTTPSESSION_MAP)) {
            LoopbackCluster.weftSessionMap(config, weft, true);
        }
        config.getMapConfig(SPRING_MAP)
                .addAttributeConfig(new AttributeConfig(HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE,
                        PrincipalNameExtractor.class.getName()))
                .addIndexConfig(new IndexConfig(IndexType.HASH,
                        HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE));
        config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                .setImplementation(new HazelcastSessionSerializer()).setTypeClass(MapSession.class));
        config.getMapConfig(WM_MAP).setMaxIdleSeconds((int) TTL.toSeconds());
        config.getMapConfig(FLOOR_MAP).setMaxIdleSeconds((int) TTL.toSeconds());
        return config;
    }

    /**
     * Starts the member in this JVM on {@code firstPort} (instance {@link #INSTANCE_NAME}), then the
     * child member on the next port, and waits until both see each other.
     */
    static LoopbackCluster start(int firstPort, List<String> childJvmArgs, Path childLog)
            throws IOException, InterruptedException {
        String clusterName = "weft-bench-http-" + ProcessHandle.current().pid();
        List<Integer> ports = List.of(firstPort, firstPort + 1);
        Config config = config(clusterName, firstPort, ports);
        config.setInstanceName(INSTANCE_NAME);
        List<String> childArgs = new ArrayList<>(List.of(clusterName, Integer.toString(firstPort + 1)));
        for (int p : ports) {
            childArgs.add(Integer.toString(p));
        }
        return LoopbackCluster.start(config, childJvmArgs, childLog, ClusterMember.class, childArgs);
    }
}
