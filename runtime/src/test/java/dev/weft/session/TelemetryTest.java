package dev.weft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.TestMembers;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What operators watch: Micrometer meters and Java Flight Recorder events, never with a key or a value. */
class TelemetryTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        member = members.startMember();
    }

    private static SessionKey requests(Sessions sessions) {
        SessionScope created = sessions.open(null);
        try (created) {
            Session.current().insert("cart", List.of("apple"));
        }
        SessionScope read = sessions.open(created.key().orElseThrow());
        try (read) {
            Session.current().get("cart", List.class);
            Session.current().renew();
        }
        SessionKey renewed = read.key().orElseThrow();
        try (SessionScope purged = sessions.open(renewed)) {
            Session.current().purge();
        }
        return renewed;
    }

    @Test
    void meteredSessionsCountLifecyclesTimeStoreOperationsAndTagNoKey() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Sessions sessions = Sessions.builder().withoutAgent().meterRegistry(registry)
                .store(new HazelcastSessionStore(member, "metered-" + System.nanoTime())).build();
        SessionKey key = requests(sessions);
        assertEquals(1.0, registry.get("weft.sessions.created").counter().count());
        assertEquals(1.0, registry.get("weft.sessions.renewed").counter().count());
        assertEquals(1.0, registry.get("weft.sessions.purged").counter().count());
        assertEquals(0.0, registry.get("weft.sessions.expired").counter().count());
        assertEquals(1, registry.get("weft.store.operations").tags("operation", "save", "outcome", "success").timer()
                .count());
        assertEquals(1, registry.get("weft.store.operations").tags("operation", "renew", "outcome", "success").timer()
                .count());
        assertEquals(1, registry.get("weft.store.operations").tags("operation", "delete").timer().count());
        assertEquals(1, registry.get("weft.sessions.state.size").summary().count(), "one state loaded");
        assertTrue(registry.get("weft.sessions.state.size").summary().totalAmount() > "cart".length());
        assertTrue(registry.get("weft.sessions.local").gauge().value() >= 1, "the member's entries");
        try (SessionScope refused = sessions.open(key)) {
            Session.current().insert("late", 1);
        } catch (dev.weft.store.UpdateException ended) {
            // the purged key's write is refused: counted as such
        }
        assertEquals(1, registry.get("weft.store.operations").tags("operation", "updateDelta", "outcome", "refused")
                .timer().count());
        for (Meter meter : registry.getMeters()) {
            assertTrue(meter.getId().getName().startsWith("weft."), meter.getId().toString());
            for (io.micrometer.core.instrument.Tag tag : meter.getId().getTags()) {
                assertFalse(tag.getValue().contains(key.value()) || tag.getValue().contains(key.id().toString()),
                        "no key or identifier in a tag: " + meter.getId());
            }
        }
        sessions.close();
    }

    @Test
    void storeOperationsAndCommitsAreFlightRecorderEvents(@TempDir Path dir) throws Exception {
        Sessions sessions = Sessions.builder().withoutAgent()
                .store(new HazelcastSessionStore(member, "recorded-" + System.nanoTime())).build();
        Path file = dir.resolve("weft.jfr");
        SessionKey key;
        try (Recording recording = new Recording()) {
            recording.enable("dev.weft.StoreOperation").withThreshold(Duration.ZERO);
            recording.enable("dev.weft.Commit").withThreshold(Duration.ZERO);
            recording.start();
            key = requests(sessions);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Set<String> operations = events.stream().filter(e -> e.getEventType().getName().equals("dev.weft.StoreOperation"))
                .map(e -> e.getString("operation")).collect(Collectors.toSet());
        assertEquals(Set.of("save", "loadAndUpdateTtl", "renew", "delete"), operations);
        List<String> plans = events.stream().filter(e -> e.getEventType().getName().equals("dev.weft.Commit"))
                .map(e -> e.getString("plan")).toList();
        assertEquals(List.of("save", "renew", "purge"), plans);
        String all = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(all.contains(key.value()), "no key in the recording");
        sessions.close();
    }
}
