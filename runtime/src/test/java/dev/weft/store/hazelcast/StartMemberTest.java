package dev.weft.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ModularJavaUtils;
import com.hazelcast.logging.ILogger;
import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionStoreException;
import dev.weft.store.hazelcast.internal.SystemLoggerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HazelcastSessionStore#startMember()}: the standard configuration if there is one, else a safe default. */
class StartMemberTest {

    @Test
    void withoutAConfigurationTheMemberIsLoopbackOnlyInItsOwnClusterWithTheMergePolicy() {
        List<LogRecord> said = capture("dev.weft.store.hazelcast.internal.EmbeddedMember");
        try (Sessions sessions = Sessions.builder().withoutAgent().store(HazelcastSessionStore.startMember()).build()) {
            HazelcastSessionStore store = (HazelcastSessionStore) sessions.store();
            Config config = store.hazelcast().getConfig();
            assertEquals("weft", config.getClusterName(), "not Hazelcast's 'dev', which joins any other program's");
            JoinConfig join = config.getNetworkConfig().getJoin();
            assertFalse(join.getMulticastConfig().isEnabled());
            assertFalse(join.getAutoDetectionConfig().isEnabled());
            assertTrue(join.getTcpIpConfig().isEnabled());
            assertTrue(join.getTcpIpConfig().getMembers().stream().allMatch(m -> m.startsWith("127.0.0.1:")));
            assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
            assertEquals(SessionMergePolicy.class.getName(),
                    config.getMapConfig("weft.sessions").getMergePolicyConfig().getPolicy());
            assertEquals(1, said.size(), "one line at start-up: " + said);
            assertTrue(said.get(0).getMessage().contains("Weft's default configuration"), said.get(0).getMessage());
            SessionScope scope = sessions.open(null);
            try (scope) {
                Session.current().insert("k", "v");
            }
            try (SessionScope again = sessions.open(scope.key().orElseThrow())) {
                assertEquals(Optional.of("v"), Session.current().get("k", String.class));
            }
        } finally {
            release("dev.weft.store.hazelcast.internal.EmbeddedMember");
        }
        assertTrue(Hazelcast.getAllHazelcastInstances().stream()
                .noneMatch(m -> m.getConfig().getClusterName().equals("weft")), "closing Sessions shut the member down");
    }

    @Test
    void withAConfigurationFileThatOneIsUsedAndTheMergePolicyAdded(@TempDir Path dir) throws Exception {
        String cluster = "weft-configured-" + UUID.randomUUID();
        Path config = dir.resolve("hazelcast.yaml");
        Files.writeString(config, String.join("\n",
                "hazelcast:",
                "  cluster-name: " + cluster,
                "  properties:",
                "    hazelcast.phone.home.enabled: false",
                "    hazelcast.logging.type: none",
                "  network:",
                "    port:",
                "      port: 5731",
                "    interfaces:",
                "      enabled: true",
                "      interfaces: [127.0.0.1]",
                "    join:",
                "      auto-detection: {enabled: false}",
                "      multicast: {enabled: false}",
                "      tcp-ip: {enabled: true, member-list: [127.0.0.1:5731]}",
                ""));
        String previous = System.getProperty("hazelcast.config");
        System.setProperty("hazelcast.config", config.toString());
        try (HazelcastSessionStore store = HazelcastSessionStore.startMember()) {
            HazelcastInstance member = store.hazelcast();
            assertEquals(cluster, member.getConfig().getClusterName());
            assertEquals(SessionMergePolicy.class.getName(),
                    member.getConfig().getMapConfig("weft.sessions").getMergePolicyConfig().getPolicy());
        } finally {
            if (previous == null) {
                System.clearProperty("hazelcast.config");
            } else {
                System.setProperty("hazelcast.config", previous);
            }
        }
        assertTrue(Hazelcast.getAllHazelcastInstances().stream()
                .noneMatch(m -> m.getConfig().getClusterName().equals(cluster)), "close() shut the member down");
    }

    @Test
    void theConfigurationCanBeChangedBeforeTheMemberStarts() {
        String cluster = "weft-changed-" + UUID.randomUUID();
        String startLine = "dev.weft.store.hazelcast.internal.EmbeddedMember";
        List<LogRecord> said = capture(startLine);
        try (HazelcastSessionStore store = HazelcastSessionStore.startMember(config -> {
            config.setClusterName(cluster);
            config.getNetworkConfig().setPort(5735);
        })) {
            assertTrue(said.stream().anyMatch(r -> r.getMessage().contains("ports 5735-5744;")),
                    "the start-up line names the ports as changed: " + said.stream().map(LogRecord::getMessage).toList());
            assertEquals(cluster, store.hazelcast().getConfig().getClusterName());
            assertEquals(5735, store.hazelcast().getCluster().getLocalMember().getAddress().getPort());
            assertEquals(SessionMergePolicy.class.getName(),
                    store.hazelcast().getConfig().getMapConfig("weft.sessions").getMergePolicyConfig().getPolicy());
        }
        release(startLine);
    }

    @Test
    void aQueryByPrincipalNamesAMissingAttributeAndReportsOtherFailuresAsStoreFailures() {
        try (HazelcastSessionStore store = HazelcastSessionStore.startMember(config -> {
            config.setClusterName("weft-principals-" + UUID.randomUUID());
            config.getNetworkConfig().setPort(5735);
        })) {
            HazelcastSessionStore unconfigured = HazelcastSessionStore.builder(store.hazelcast())
                    .mapName("no-principal-attribute").build();
            unconfigured.blocking().save(Map.of("@principal", "ada"), Duration.ofMinutes(5));
            CompletionException misconfigured = assertThrows(CompletionException.class,
                    () -> unconfigured.sessionsOf("ada").toCompletableFuture().join());
            IllegalStateException named = assertInstanceOf(IllegalStateException.class, misconfigured.getCause());
            assertTrue(named.getMessage().contains("must configure the attribute weftPrincipal"), named.getMessage());

            store.blocking().save(Map.of("@principal", "ada"), Duration.ofMinutes(5));
            store.hazelcast().shutdown();
            CompletionException down = assertThrows(CompletionException.class,
                    () -> store.sessionsOf("ada").toCompletableFuture().join());
            SessionStoreException failure = assertInstanceOf(SessionStoreException.class, down.getCause(),
                    "a member gone is a store failure, not a configuration error");
            assertFalse(failure.getMessage().contains("configure"), failure.getMessage());
        }
    }

    @Test
    void hazelcastsLogsGoThroughSystemLoggerFromWarningUp() {
        List<LogRecord> records = capture("com.hazelcast.weft.test");
        try {
            ILogger logger = new SystemLoggerFactory().getLogger("com.hazelcast.weft.test");
            logger.info("starting up");
            logger.fine("details");
            logger.warning("something is wrong");
            logger.severe("something failed", new IllegalStateException("cause"));
            assertEquals(List.of("something is wrong", "something failed"), records.stream().map(LogRecord::getMessage)
                    .toList());
            assertEquals(List.of(Level.WARNING, Level.SEVERE), records.stream().map(LogRecord::getLevel).toList());
        } finally {
            release("com.hazelcast.weft.test");
        }
    }

    @Test
    void hazelcastsAdviceOnModuleFlagsGoesOutAtInfo() {
        // Hazelcast's own check, as a member start makes it, through the logger of the class that
        // calls it; this test JVM runs without the flags (the parent pom's argLine has none).
        String caller = "com.hazelcast.instance.impl.HazelcastInstanceFactory";
        List<LogRecord> records = capture(caller);
        try {
            ModularJavaUtils.checkJavaInternalAccess(new SystemLoggerFactory().getLogger(caller));
            assertEquals(List.of(Level.INFO), records.stream().map(LogRecord::getLevel).toList(),
                    "the module-flags advice, once and not as a warning: the README says what the flags grant");
            assertTrue(records.get(0).getMessage().startsWith("Hazelcast is starting in a Java modular environment"),
                    records.get(0).getMessage());
            new SystemLoggerFactory().getLogger(caller).warning("a real problem");
            assertEquals(Level.WARNING, records.get(1).getLevel(), "other warnings of that logger stay warnings");
        } finally {
            release(caller);
        }
    }

    private static final java.util.Map<String, Handler> HANDLERS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Held strongly: the logging framework holds its loggers weakly, and a new one would lack the handler. */
    private static final java.util.Map<String, Logger> LOGGERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<LogRecord> capture(String name) {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        HANDLERS.put(name, handler);
        LOGGERS.put(name, logger);
        return records;
    }

    private static void release(String name) {
        LOGGERS.remove(name).removeHandler(HANDLERS.remove(name));
    }
}
