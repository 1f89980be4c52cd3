package dev.weft.store.hazelcast.internal;

import com.hazelcast.config.AttributeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import dev.weft.store.hazelcast.PrincipalExtractor;
import dev.weft.store.hazelcast.SessionMergePolicy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the Hazelcast member of {@code HazelcastSessionStore.startMember()}: from the standard
 * Hazelcast configuration if there is one, else from a safe default (its own cluster name, no
 * multicast, TCP-IP discovery on loopback, logs at WARNING through {@link System.Logger}); with
 * {@link SessionMergePolicy} and the principal attribute ({@link PrincipalExtractor}, indexed) on
 * the session map either way.
 */
public final class EmbeddedMember {

    /** The cluster name of the default configuration. */
    public static final String CLUSTER_NAME = "weft";
    /** The first port of the default configuration; members take the next free one. */
    static final int FIRST_PORT = 5701;
    /** How many ports, from {@link #FIRST_PORT}, the default configuration tries and lists for discovery. */
    static final int PORTS = 10;

    private static final String[] CONFIG_FILES = {"hazelcast.yaml", "hazelcast.yml", "hazelcast.xml"};

    private EmbeddedMember() {
    }

    /**
     * Starts the member, with {@link SessionMergePolicy} and the principal index on {@code mapName}
     * unless {@code configure}, which sees the configuration first, chose otherwise.
     */
    public static HazelcastInstance start(String mapName, java.util.function.Consumer<Config> configure) {
        boolean configured = hasStandardConfig();
        Config config = configured ? Config.load() : safeDefault();
        configure.accept(config);
        MapConfig sessions = config.getMapConfig(mapName);
        MergePolicyConfig merge = sessions.getMergePolicyConfig();
        if (merge.getPolicy().equals(PutIfAbsentMergePolicy.class.getName())) { // Hazelcast's default: not chosen
            merge.setPolicy(SessionMergePolicy.class.getName());
        }
        if (sessions.getAttributeConfigs().stream().noneMatch(a -> a.getName().equals(PrincipalExtractor.ATTRIBUTE))) {
            sessions.addAttributeConfig(new AttributeConfig(PrincipalExtractor.ATTRIBUTE, PrincipalExtractor.class.getName()));
            sessions.addIndexConfig(new IndexConfig(IndexType.HASH, PrincipalExtractor.ATTRIBUTE));
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        System.getLogger(EmbeddedMember.class.getName()).log(System.Logger.Level.INFO, "Weft started Hazelcast member "
                + member.getCluster().getLocalMember().getAddress() + " of cluster '" + config.getClusterName() + "' ("
                + (configured ? "the standard Hazelcast configuration" : "Weft's default configuration: loopback only,"
                        + " ports " + ports(config) + "; put a hazelcast.yaml in the working directory to configure it")
                + ")");
        return member;
    }

    /** The ports the member may take, as configured (the caller's changes included). */
    private static String ports(Config config) {
        NetworkConfig network = config.getNetworkConfig();
        int first = network.getPort();
        int last = network.isPortAutoIncrement() ? first + network.getPortCount() - 1 : first;
        return last > first ? first + "-" + last : Integer.toString(first);
    }

    /** Whether Hazelcast would find a configuration of the user's: a system property or a standard file. */
    static boolean hasStandardConfig() {
        if (System.getProperty("hazelcast.config") != null) {
            return true;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String file : CONFIG_FILES) {
            if (Files.isRegularFile(Path.of(file))
                    || (loader != null ? loader.getResource(file) : ClassLoader.getSystemResource(file)) != null) {
                return true;
            }
        }
        return false;
    }

    /** Weft's default member configuration. */
    static Config safeDefault() {
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        if (System.getProperty("hazelcast.logging.type") == null && System.getProperty("hazelcast.logging.class") == null) {
            // Hazelcast reads its logger factory only from this system property.
            System.setProperty("hazelcast.logging.class", SystemLoggerFactory.class.getName());
        }
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(FIRST_PORT).setPortAutoIncrement(true).setPortCount(PORTS);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return config;
    }
}
