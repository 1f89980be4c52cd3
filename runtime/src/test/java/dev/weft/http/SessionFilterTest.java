package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.session.Session;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.testing.CountingStore;
import dev.weft.testing.TestMembers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The filter over a real HttpServer, a real HttpClient and a real member. */
class SessionFilterTest {

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;
    private static HttpServer server;
    private static CountingStore store;
    private static HazelcastSessionStore hazelcastStore;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        member = members.startMember();
        hazelcastStore = new HazelcastSessionStore(member, "filter-sessions");
        store = new CountingStore(hazelcastStore);
        Sessions sessions = Sessions.builder().store(store).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/count", exchange -> {
            int visits = Session.current().get("visits", Integer.class).orElse(0) + 1;
            Session.current().insert("visits", visits);
            respond(exchange, String.valueOf(visits));
        }).getFilters().add(SessionFilter.builder(sessions).build());
        server.createContext("/peek", exchange -> respond(exchange,
                String.valueOf(Session.current().get("visits", Integer.class).orElse(0))))
                .getFilters().add(SessionFilter.builder(sessions).secure(false).cookieName("sid")
                        .maxAge(Duration.ofHours(1)).build());
        server.createContext("/renew", exchange -> {
            Session.current().renew();
            respond(exchange, "renewed");
        }).getFilters().add(new SessionFilter(sessions));
        server.createContext("/purge", exchange -> {
            Session.current().purge();
            respond(exchange, "purged");
        }).getFilters().add(new SessionFilter(sessions));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void resetCounts() {
        store.reset();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertEquals(1, cookies.size(), "exactly one Set-Cookie: " + cookies);
        return cookies.get(0);
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @Test
    void newSessionGetsACookieWithSafeAttributesAndIsStoredBeforeTheResponse() throws Exception {
        HttpResponse<String> first = get("/count", null);
        assertEquals("1", first.body());
        String setCookie = sessionCookie(first);
        assertTrue(setCookie.startsWith("weft-session="), setCookie);
        for (String attribute : List.of("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure")) {
            assertTrue(setCookie.contains(attribute), setCookie + " lacks " + attribute);
        }
        assertTrue(!setCookie.contains("Max-Age"), setCookie);
        SessionKey key = SessionKey.parse(value(setCookie));
        assertEquals(Optional.of(Map.of("visits", "1")), hazelcastStore.load(key).toCompletableFuture().join());

        HttpResponse<String> second = get("/count", "weft-session=" + key.value());
        assertEquals("2", second.body());
        assertEquals(List.of(), second.headers().allValues("Set-Cookie"), "no new cookie when the key is unchanged");
    }

    @Test
    void cookieNameSecureAndMaxAgeAreConfigurable() throws Exception {
        HttpResponse<String> counted = get("/count", null);
        String key = value(sessionCookie(counted));
        // /peek reads the cookie "sid", so the weft-session cookie is not its session.
        assertEquals("0", get("/peek", "weft-session=" + key).body());
        HttpResponse<String> peeked = get("/peek", "sid=" + key);
        assertEquals("1", peeked.body());
        assertEquals(List.of(), peeked.headers().allValues("Set-Cookie"));
    }

    @Test
    void renewSendsANewKeyAndTheOldOneStopsWorking() throws Exception {
        String old = value(sessionCookie(get("/count", null)));
        get("/count", "weft-session=" + old);
        HttpResponse<String> renewed = get("/renew", "weft-session=" + old);
        String fresh = value(sessionCookie(renewed));
        assertNotEquals(old, fresh);
        assertEquals("3", get("/count", "weft-session=" + fresh).body());
        HttpResponse<String> withOld = get("/count", "weft-session=" + old);
        assertEquals("1", withOld.body(), "the old key no longer reaches the state");
        assertNotEquals(old, value(sessionCookie(withOld)));
    }

    @Test
    void purgeSendsARemovalCookieWithTheSameAttributes() throws Exception {
        String key = value(sessionCookie(get("/count", null)));
        HttpResponse<String> purged = get("/purge", "weft-session=" + key);
        String removal = sessionCookie(purged);
        assertTrue(removal.startsWith("weft-session=;"), removal);
        for (String attribute : List.of("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure", "; Max-Age=0")) {
            assertTrue(removal.contains(attribute), removal + " lacks " + attribute);
        }
        assertEquals(Optional.empty(), hazelcastStore.load(SessionKey.parse(key)).toCompletableFuture().join());
    }

    @Test
    void malformedCookieStartsANewSessionWithoutAStoreCall() throws Exception {
        for (String malformed : List.of("", "has space", "x".repeat(SessionKey.MAX_LENGTH + 1), "tab\there")) {
            store.reset();
            HttpResponse<String> response = get("/peek", "sid=" + malformed);
            assertEquals("0", response.body());
            assertEquals(List.of(), store.calls(), "no store call for '" + malformed + "'");
        }
    }

    @Test
    void unknownCookieStartsANewSession() throws Exception {
        String unknown = SessionKey.generate().value();
        HttpResponse<String> response = get("/count", "weft-session=" + unknown);
        assertEquals("1", response.body());
        assertNotEquals(unknown, value(sessionCookie(response)));
        assertEquals(List.of("loadAndUpdateTtl", "save"), store.calls());
    }

    @Test
    void builderRejectsBadCookieSettings() {
        Sessions sessions = Sessions.builder().store(store).build();
        assertThrows(IllegalArgumentException.class, () -> SessionFilter.builder(sessions).cookieName("a b"));
        assertThrows(IllegalArgumentException.class, () -> SessionFilter.builder(sessions).cookieName(""));
        assertThrows(IllegalArgumentException.class, () -> SessionFilter.builder(sessions).maxAge(Duration.ZERO));
    }
}
