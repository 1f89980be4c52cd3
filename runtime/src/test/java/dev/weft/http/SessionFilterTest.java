package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.sun.net.httpserver.Filter;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The filter over a real HttpServer (one server thread, so pool-thread reuse is certain), a real HttpClient and a real member. */
class SessionFilterTest {

    private static final String COOKIE = "__Host-weft-session";

    @RegisterExtension
    static final TestMembers members = new TestMembers();
    private static HazelcastInstance member;
    private static HttpServer server;
    private static Sessions sessions;
    private static CountingStore store;
    private static HazelcastSessionStore hazelcastStore;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final AtomicReference<CountDownLatch[]> pause = new AtomicReference<>();
    private static final AtomicReference<Throwable> thrown = new AtomicReference<>();
    private static final AtomicReference<Throwable> reachedServer = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        member = members.startMember();
        hazelcastStore = new HazelcastSessionStore(member, "filter-sessions");
        store = new CountingStore(hazelcastStore);
        sessions = Sessions.builder().withoutAgent().store(store).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor());
        filtered("/count", exchange -> {
            int visits = Session.current().get("visits", Integer.class).orElse(0) + 1;
            CountDownLatch[] latches = pause.getAndSet(null);
            if (latches != null) { // loaded: let the test act, then go on
                latches[0].countDown();
                await(latches[1]);
            }
            Session.current().insert("visits", visits);
            respond(exchange, 200, String.valueOf(visits));
        });
        filtered("/peek", exchange -> respond(exchange, 200,
                String.valueOf(Session.current().get("visits", Integer.class).orElse(0))));
        server.createContext("/dev", exchange -> respond(exchange, 200,
                String.valueOf(Session.current().get("visits", Integer.class).orElse(0))))
                .getFilters().add(SessionFilter.builder(sessions).secure(false).maxAge(Duration.ofHours(1)).build());
        filtered("/renew", exchange -> {
            Session.current().renew();
            respond(exchange, 200, "renewed");
        });
        filtered("/purge", exchange -> {
            Session.current().purge();
            respond(exchange, 200, "purged");
        });
        filtered("/fail", exchange -> {
            Session.current().insert("visits", 1000);
            IllegalStateException failure = new IllegalStateException("the handler failed");
            thrown.set(failure);
            throw failure;
        });
        server.createContext("/leak", exchange -> { // no filter: leaves a scope open on the server thread
            sessions.open(SessionKey.parse(exchange.getRequestURI().getQuery()));
            Session.current().insert("visits", 666);
            respond(exchange, 200, "leaked");
        });
        server.start();
    }

    private static void filtered(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler).getFilters().addAll(List.of(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                try {
                    chain.doFilter(exchange);
                } catch (IOException | RuntimeException e) {
                    reachedServer.set(e);
                    throw e;
                }
            }

            @Override
            public String description() {
                return "records what reaches the server";
            }
        }, new SessionFilter(sessions)));
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void resetCounts() {
        store.reset();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("X-Handler", "sent this");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static HttpResponse<String> get(String path, String... cookies) throws Exception {
        return send(path, cookies).join();
    }

    private static CompletableFuture<HttpResponse<String>> send(String path, String... cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
        if (cookies.length > 0) {
            request.header("Cookie", String.join("; ", cookies));
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertEquals(1, cookies.size(), "exactly one Set-Cookie: " + cookies);
        return cookies.get(0);
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String cookie(String key) {
        return COOKIE + "=" + key;
    }

    private static String newSession() throws Exception {
        return value(sessionCookie(get("/count")));
    }

    @Test
    void aNewSessionGetsAHostPrefixedSecureCookieAndIsStoredBeforeTheResponse() throws Exception {
        HttpResponse<String> first = get("/count");
        assertEquals("1", first.body());
        String setCookie = sessionCookie(first);
        assertTrue(setCookie.startsWith(COOKIE + "="), setCookie);
        for (String attribute : List.of("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure")) {
            assertTrue(setCookie.contains(attribute), setCookie + " lacks " + attribute);
        }
        assertFalse(setCookie.contains("Max-Age") || setCookie.contains("Domain"), setCookie);
        SessionKey key = SessionKey.parse(value(setCookie));
        assertEquals("1", hazelcastStore.load(key).toCompletableFuture().join().orElseThrow().get("visits"));

        HttpResponse<String> second = get("/count", cookie(key.value()));
        assertEquals("2", second.body());
        assertEquals(List.of(), second.headers().allValues("Set-Cookie"), "no new cookie when the key is unchanged");
    }

    @Test
    void withoutSecureTheCookieHasNoPrefixAndMaxAgeIsConfigurable() throws Exception {
        String key = newSession();
        assertEquals("0", get("/dev", cookie(key)).body(), "the __Host- cookie is not the plain one");
        assertEquals("1", get("/dev", "weft-session=" + key).body());
        store.reset();
        HttpResponse<String> fresh = get("/dev");
        assertEquals(List.of(), fresh.headers().allValues("Set-Cookie"), "nothing stored: no cookie");
        assertEquals(List.of(), store.calls());
    }

    @Test
    void aRenewalSendsTheNewKeyOnlyToTheRequestThatRenewed() throws Exception {
        String old = newSession();
        get("/count", cookie(old));
        String fresh = value(sessionCookie(get("/renew", cookie(old))));
        assertNotEquals(old, fresh);
        assertEquals("3", get("/count", cookie(fresh)).body());
        HttpResponse<String> reading = get("/peek", cookie(old));
        assertEquals("0", reading.body(), "the old key no longer reaches the state");
        assertEquals(List.of(), reading.headers().allValues("Set-Cookie"), "no removal cookie: the tab is not signed out");
        HttpResponse<String> writing = get("/count", cookie(old));
        assertEquals(409, writing.statusCode(), "a write with the old key is refused, retryably");
        assertEquals(List.of(), writing.headers().allValues("Set-Cookie"), "and gets no new session's cookie");
        assertTrue(writing.headers().firstValue("X-Handler").isEmpty(), "the handler's response is not sent");
        assertTrue(writing.body().contains("Retry"), writing.body());
        assertEquals("3", get("/peek", cookie(fresh)).body());
    }

    /** The two-tab race end to end: tab B's request loaded before tab A signs in and writes after. */
    @Test
    void aWriteInFlightWhenAnotherTabRenewsIsAnsweredWith409() throws Exception {
        String old = newSession();
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch renewed = new CountDownLatch(1);
        pause.set(new CountDownLatch[] {loaded, renewed});
        CompletableFuture<HttpResponse<String>> tabB = send("/count", cookie(old));
        assertTrue(loaded.await(30, TimeUnit.SECONDS));
        // Tab A signs in while tab B's request is held; the server has one thread, so renew in the store.
        SessionKey fresh = hazelcastStore.renew(SessionKey.parse(old), Map.of("user", "\"alice\""), java.util.Set.of(),
                Duration.ofMinutes(30)).toCompletableFuture().join();
        renewed.countDown();
        HttpResponse<String> b = tabB.join();
        assertEquals(409, b.statusCode());
        assertEquals(List.of(), b.headers().allValues("Set-Cookie"));
        assertEquals("1", hazelcastStore.load(fresh).toCompletableFuture().join().orElseThrow().get("visits"),
                "the refused write did not reach the signed-in session");
    }

    @Test
    void onlyThePurgingRequestSendsARemovalCookie() throws Exception {
        String key = newSession();
        HttpResponse<String> purged = get("/purge", cookie(key));
        String removal = sessionCookie(purged);
        assertTrue(removal.startsWith(COOKIE + "=;"), removal);
        for (String attribute : List.of("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure", "; Max-Age=0")) {
            assertTrue(removal.contains(attribute), removal + " lacks " + attribute);
        }
        assertEquals(Optional.empty(), hazelcastStore.load(SessionKey.parse(key)).toCompletableFuture().join());
        HttpResponse<String> late = get("/peek", cookie(key));
        assertEquals(List.of(), late.headers().allValues("Set-Cookie"), "a later request with the purged key: none");
        assertEquals(409, get("/count", cookie(key)).statusCode(), "and its writes are refused");
    }

    @Test
    void aMalformedCookieStartsANewSessionWithoutAStoreCall() throws Exception {
        for (String malformed : List.of("", "has space", "x".repeat(SessionKey.MAX_LENGTH + 1), "tab\there")) {
            store.reset();
            HttpResponse<String> response = get("/peek", COOKIE + "=" + malformed);
            assertEquals("0", response.body());
            assertEquals(List.of(), store.calls(), "no store call for '" + malformed + "'");
        }
    }

    @Test
    void anUnknownCookieIsOnlyReplacedWhenTheRequestStoresSomething() throws Exception {
        String unknown = SessionKey.generate().value();
        HttpResponse<String> reading = get("/peek", cookie(unknown));
        assertEquals(List.of(), reading.headers().allValues("Set-Cookie"));
        HttpResponse<String> writing = get("/count", cookie(unknown));
        assertEquals("1", writing.body());
        assertNotEquals(unknown, value(sessionCookie(writing)));
    }

    /** A cookie of the same name planted by someone else can neither sign the user out nor capture their writes. */
    @Test
    void aPlantedCookieNeitherSignsTheUserOutNorCapturesTheirWrites() throws Exception {
        String users = newSession();
        get("/count", cookie(users));
        String unknown = SessionKey.generate().value();
        HttpResponse<String> withUnknown = get("/count", cookie(unknown), cookie(users));
        assertEquals("3", withUnknown.body(), "the planted unknown key is passed over: the user stays in");
        assertEquals(List.of(), withUnknown.headers().allValues("Set-Cookie"));

        String attackers = newSession();
        store.reset();
        HttpResponse<String> withLive = get("/count", cookie(attackers), cookie(users));
        assertEquals(400, withLive.statusCode(), "two live sessions: neither is trusted");
        assertEquals(List.of(), withLive.headers().allValues("Set-Cookie"));
        assertEquals(List.of("load", "load"), store.calls(), "nothing written");
        assertEquals("3", get("/peek", cookie(users)).body(), "the user's session is as it was");
        assertEquals("1", get("/peek", cookie(attackers)).body(), "and the attacker's captured nothing");
    }

    @Test
    void aHandlerThatThrowsStoresNothingAndItsExceptionReachesTheServerUnchanged() throws Exception {
        String key = newSession();
        store.reset();
        assertThrows(Exception.class, () -> get("/fail", cookie(key)), "the server sends no response");
        assertSame(thrown.get(), reachedServer.get(), "the handler's own exception");
        assertEquals(List.of(), store.calls(), "its change was not committed");
        assertEquals("1", get("/peek", cookie(key)).body());
    }

    @Test
    void aScopeLeftOpenOnTheServerThreadIsDiscardedWithAWarning() throws Exception {
        String key = newSession();
        List<LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(SessionFilter.class.getName());
        logger.addHandler(capture);
        try {
            get("/leak?" + key);
            HttpResponse<String> next = get("/count", cookie(key));
            assertEquals("2", next.body(), "a fresh scope: the leaked one's 666 is gone, not stored");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).getMessage().contains("discarded"), warnings.get(0).getMessage());
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void builderRejectsBadCookieSettings() {
        assertEquals("cookie name must be a non-empty RFC 6265 token, was 'a b'", assertThrows(IllegalArgumentException.class,
                () -> SessionFilter.builder(sessions).cookieName("a b").build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionFilter.builder(sessions).cookieName("").build());
        assertEquals("cookie max age must be positive, was PT0S", assertThrows(IllegalArgumentException.class,
                () -> SessionFilter.builder(sessions).maxAge(Duration.ZERO).build()).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SessionFilter.builder(sessions).cookieName("__Host-x").secure(false).build());
        assertEquals("weft-session", SessionFilter.builder(sessions).secure(false).build().cookieName());
        assertEquals(COOKIE, new SessionFilter(sessions).cookieName());
    }
}
