package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Sessions.builder().hazelcastMember()} starts a member from Hazelcast's standard configuration lookup. */
class HazelcastMemberConvenienceTest {

    @Test
    void startsAMemberFromHazelcastConfigAndShutsItDownOnClose(@TempDir Path dir) throws Exception {
        String cluster = "weft-convenience-" + UUID.randomUUID();
        Path config = dir.resolve("hazelcast.yaml");
        Files.writeString(config, String.join("\n",
                "hazelcast:",
                "  cluster-name: " + cluster,
                "  properties:",
                "    hazelcast.phone.home.enabled: false",
                "    hazelcast.logging.type: none",
                "  network:",
                "    port:",
                "      port: 5721",
                "    interfaces:",
                "      enabled: true",
                "      interfaces: [127.0.0.1]",
                "    join:",
                "      auto-detection: {enabled: false}",
                "      multicast: {enabled: false}",
                "      tcp-ip: {enabled: true, member-list: [127.0.0.1:5721]}",
                ""));
        String previous = System.getProperty("hazelcast.config");
        System.setProperty("hazelcast.config", config.toString());
        try (Sessions sessions = Sessions.builder().hazelcastMember().build()) {
            HazelcastInstance member = Hazelcast.getAllHazelcastInstances().stream()
                    .filter(m -> m.getConfig().getClusterName().equals(cluster)).findFirst().orElseThrow();
            SessionScope scope = sessions.open(null);
            try (scope) {
                Session.current().insert("k", "v");
            }
            String key = scope.key().orElseThrow().value();
            assertTrue(member.getMap("weft.sessions").containsKey(key));
            try (SessionScope again = sessions.open(scope.key().orElseThrow())) {
                assertEquals(Optional.of("v"), Session.current().get("k", String.class));
            }
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
}
