package dev.weft.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.http.SessionCookie;
import dev.weft.servlet.fixture.Gates;
import dev.weft.servlet.fixture.Probe;
import dev.weft.servlet.fixture.TestApp;
import dev.weft.servlet.fixture.allowed.Bound;
import dev.weft.servlet.fixture.outside.Secret;
import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import dev.weft.servlet.testing.Browser;
import dev.weft.servlet.testing.Container;
import dev.weft.servlet.testing.CountingStore;
import dev.weft.servlet.testing.Members;
import dev.weft.servlet.testing.Reply;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * The filter in a real container, under the packaged agent, against a real Hazelcast member and
 * a real HTTP client: one subclass per container. Each case proves its point by what a client
 * sees: the key arriving (a {@code Set-Cookie} the container did send), and the state being
 * there on the client's next request. Races are forced with {@link Gates}, never with timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerSuite {

    static final String COOKIE = SessionCookie.SECURE_NAME;
    static final String HEADER = "X-Session-Key";

    private final Members members = new Members();
    private CountingStore store;
    private Sessions sessions;
    private Container.Running server;
    private Container.Running api;
    /** The filter's warnings, as JUL (System.Logger's default backend) receives them. */
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger filterLog = Logger.getLogger(SessionFilter.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The container under test. */
    abstract Container container();

    /** The first of the two HTTP ports this class may use. */
    abstract int port();

    @BeforeAll
    void start() throws Exception {
        HazelcastInstance member = members.start();
        store = new CountingStore(new HazelcastSessionStore(member));
        sessions = Sessions.builder().store(store).build(); // the agent is there: failsafe runs under it
        SessionFilter filter = SessionFilter.builder(sessions).allowPackages("dev.weft.servlet.fixture.allowed").build();
        server = container().start(port(), new TestApp(filter, sessions));
        SessionFilter headerFilter = SessionFilter.builder(sessions).header(HEADER).build();
        api = container().start(port() + 1, new TestApp(headerFilter, sessions));
        filterLog.addHandler(capture);
    }

    @AfterAll
    void stop() throws Exception {
        filterLog.removeHandler(capture);
        try {
            api.close();
            server.close();
        } finally {
            members.shutdown();
        }
    }

    /** How the error page sees a checked exception of {@code type} that the servlet threw undeclared. */
    String undeclaredAsTheErrorPageSeesIt(String type, String message) {
        return type + ":" + message;
    }

    Browser browser() {
        return Browser.withCookie(server.uri(), COOKIE);
    }

    /** A browser holding a session with attribute {@code x=1}. */
    private Browser withSession() {
        Browser browser = browser();
        browser.get("/t/put?name=x&value=1");
        assertNotNull(browser.key());
        return browser;
    }

    /** A name for what a request records in {@link Probe#RESULTS}, with a gate the request arrives at then. */
    private static String rid() {
        String rid = UUID.randomUUID().toString();
        Gates.prepare(rid, 1);
        return rid;
    }

    /** What the request given {@code rid} recorded, once it has. */
    private static String result(String rid) {
        Gates.awaitArrivals(rid);
        return Probe.RESULTS.get(rid);
    }

    static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "'" + part + "' not in: " + text);
    }

    // ---- the cookie ----

    @Test
    void aNewSessionsCookieCarriesTheJdkFiltersAttributes() {
        Reply reply = browser().get("/t/put?name=x&value=1");
        String cookie = reply.setCookies(COOKIE).get(0).toLowerCase(Locale.ROOT);
        assertContains(cookie, "path=/");
        assertContains(cookie, "httponly");
        assertContains(cookie, "secure");
        assertContains(cookie, "samesite=lax");
        assertFalse(cookie.contains("max-age"), cookie);
        String key = reply.cookieValue(COOKIE);
        assertEquals(SessionKey.GENERATED_LENGTH, SessionKey.parse(key).value().length());
    }

    @Test
    void aRequestThatDoesNotTouchItsSessionGetsNoCookieAtAll() { // spring-session #188
        Browser browser = withSession();
        store.reset();
        Reply reply = browser.get("/t/noop");
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertEquals(List.of(), store.writes(browser.key()));
        assertContains(browser.get("/t/dump").body(), "x=1;");
    }

    @Test
    void aNewSessionThatHoldsNothingIsNotStored() {
        store.reset();
        Reply reply = browser().get("/t/createOnly");
        assertEquals("new=true", reply.body());
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertEquals(0, store.saves()); // late writes of earlier tests are their sessions' updates, never saves
    }

    @Test
    void stateIsSharedBetweenFieldsAndAttributesOfOneSession() {
        Browser browser = withSession();
        assertEquals("visits=2", browser.get("/t/field").body());
        assertContains(browser.get("/t/dump").body(), "visits=2;");
        assertEquals("no-session;visits=0", browser().get("/t/dump").body());
    }

    // ---- commit triggers: each sends the cookie and stores the state ----

    @ParameterizedTest
    @ValueSource(strings = {"flushBuffer", "writerFlush", "streamFlush", "bigBody", "oneBigWrite", "oneBigPrint"})
    void aCommitTriggerSendsTheCookieAndStoresTheState(String trigger) {
        Browser browser = browser();
        Reply reply = browser.get("/t/" + trigger);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "t=" + trigger + ";");
        // Written after the commit, in a follow-up scope: stored when the request ended, which was
        // before the response completed (it is not complete until the request ends).
        assertContains(state, "after=yes;");
        assertContains(state, "visits=1;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"writerClose", "streamClose"})
    void closingTheBodySendsTheCookieAndStoresTheState(String trigger) {
        // What the handler does after closing the body may reach the store after the client got
        // the response (the container completes it at the close), so only what came before counts.
        Browser browser = browser();
        Reply reply = browser.get("/t/" + trigger);
        assertEquals("closed", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "t=" + trigger + ";");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sendError", "sendErrorMessage", "redirect", "end"})
    void aCommittingResponseSendsTheCookieAndStoresTheState(String trigger) {
        Browser browser = browser();
        Reply reply = browser.get("/t/" + trigger);
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "t=" + trigger + ";");
    }

    @ParameterizedTest
    @CsvSource({
        "setContentLength, stream", "setContentLengthLong, stream", "setHeader, stream", "addHeader, stream",
        "setIntHeader, stream", "addIntHeader, stream", "setContentLength, writer", "setHeader, writer",
        "setContentLength, utf8", "setContentLength, printf", "setContentLength, format",
        "setContentLength, append", "setContentLength, writeInt"})
    void reachingTheDeclaredContentLengthCommits(String declare, String write) {
        Browser browser = browser();
        Reply reply = browser.get("/t/contentLength?declare=" + declare + "&write=" + write);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(write.equals("utf8") ? "héllo wörld ✓" : "hello", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        // What the handler does after the last byte may reach the store after the client got the
        // response (a container may complete it then), so only what came before counts.
        assertContains(browser.get("/t/dump").body(), "t=contentLength-" + declare + "-" + write + ";");
    }

    @Test
    void resetBufferStartsTheCountAgain() {
        Browser browser = browser();
        String rid = rid();
        Reply reply = browser.get("/t/resetBuffer?rid=" + rid);
        assertEquals("abcdefghij", reply.body());
        assertEquals("created;committed=false", result(rid));
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "t=resetBuffer;");
    }

    @Test
    void resetStartsTheCountAgainAndKeepsTheCookieAlreadySent() {
        Browser browser = browser();
        String rid = rid();
        Reply reply = browser.get("/t/reset?rid=" + rid);
        assertEquals("abcdefghij", reply.body());
        assertEquals("committed=false", result(rid));
        assertNull(reply.header("X-Dropped"));
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "t=early;");
        assertContains(state, "late=reset;");
    }

    /** Declared by the containers whose writer after {@code reset()} takes the charset set since (Tomcat keeps its encoder). */
    void afterResetTheWriterIsANewOneCountedInTheNewCharset() {
        Browser browser = browser();
        Reply reply = browser.get("/t/resetCharset");
        assertEquals("héllo wörld ✓", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "t=resetCharset;");
    }

    @Test
    void getSessionTrueAfterTheResponseCommittedThrows() { // spring-session #1798
        Reply reply = browser().get("/t/afterCommit");
        assertEquals("x;ISE", reply.body());
        assertEquals(List.of(), reply.setCookies(COOKIE));
    }

    @Test
    void getSessionTrueAfterTheDeclaredLengthWasWrittenThrows() { // Undertow's isCommitted() says false here
        String rid = rid();
        Reply reply = browser().get("/t/afterContentLength?rid=" + rid);
        assertEquals("ok", reply.body());
        assertEquals("ISE;committed=true", result(rid));
        assertEquals(List.of(), reply.setCookies(COOKIE));
    }

    @Test
    void getIdAfterTheResponseCommittedThrowsForASessionNotStoredYet() {
        store.reset();
        String rid = rid();
        Reply reply = browser().get("/t/idAfterCommit?rid=" + rid);
        assertEquals("x", reply.body());
        assertEquals("ISE", result(rid));
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertEquals(0, store.saves());
    }

    @Test
    void aRenewalAfterTheResponseCommittedIsDiscardedAndTheOldKeyKeepsWorking() {
        Browser browser = withSession();
        warnings.clear();
        Reply reply = browser.get("/t/renewAfterCommit");
        assertEquals("x", reply.body());
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("renewal made after the response was committed")),
                warnings::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "x=1;");
        assertFalse(state.contains("late="), state);
    }

    @Test
    void aSessionRenewedThroughTheSessionApiIsNotNew() {
        Browser browser = withSession();
        String oldKey = browser.key();
        Reply reply = browser.get("/t/renewThenIsNew");
        assertEquals("new=false", reply.body());
        assertNotEquals(oldKey, browser.key());
        assertContains(browser.get("/t/dump").body(), "x=1;");
    }

    @Test
    void aRequestWhoseKeyAnotherRequestEndedIsHandedNoNewKeyInItsLaterDispatches() { // docs: renew and purge are final
        Browser browser = withSession();
        String key = browser.key();
        assertEquals("gone=true;valid=false;stale=ISE", browser().key(key).get("/t/invalidate").body());
        Reply reply = browser().key(key).get("/t/readThenDispatch"); // reads, then writes after the dispatch
        assertEquals(409, reply.status(), reply::toString);
        assertEquals(List.of(), reply.setCookies(COOKIE));
    }

    @Test
    void anErrorPageAfterTheDeclaredLengthWasWrittenCannotBeginASession() {
        // Jetty and Tomcat refuse sendError then; Undertow shows the error page, whose first bytes
        // reach the length declared before, so a key it began could not reach the client.
        store.reset();
        String rid = rid();
        Reply reply = browser().get("/t/sendErrorAfterLength?rid=" + rid + "&errorPageRid=" + rid);
        assertTrue(List.of("sendError:ISE", "error-page:ISE").contains(result(rid)), () -> result(rid));
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertEquals(0, store.saves());
    }

    // ---- dispatches: once per request ----

    @Test
    void aForwardTargetsSessionIsTheRequestsAndItsCookieArrives() { // spring-security #19457 (Tomcat 11)
        Browser browser = browser();
        String rid = rid();
        Reply reply = browser.get("/t/forward?outer=1&rid=" + rid);
        assertEquals("forwarded", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertEquals("after-forward committed=true", result(rid));
        String state = browser.get("/t/dump").body();
        assertContains(state, "outer=forward;");
        assertContains(state, "target=FORWARD;");
        assertContains(state, "visits=1;");
    }

    @Test
    void aSessionCreatedInAForwardTargetSendsItsCookie() {
        Browser browser = browser();
        Reply reply = browser.get("/t/forward?rid=" + rid());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "target=FORWARD;");
    }

    @Test
    void anIncludeThatCommitsTheResponseFindsTheCookieAlreadySent() { // spring-session #1214, #1242
        Browser browser = browser();
        Reply reply = browser.get("/t/includeBig");
        assertTrue(reply.body().startsWith("outer;iii"), () -> reply.body().substring(0, 20));
        assertTrue(reply.body().endsWith("iii;done"));
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "outer=include;");
    }

    @Test
    void aSessionCreatedInAnIncludeSendsItsCookie() { // spring-session #552 (Undertow drops cookies in includes)
        Browser browser = browser();
        Reply reply = browser.get("/t/includeCreates");
        assertEquals("outer;included;done", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "included=INCLUDE;");
        assertContains(state, "visits=1;");
    }

    @Test
    void sendErrorInAnIncludeIsIgnoredSoTheRequestCanStillBeginASession() { // Undertow calls it on our wrapper
        Browser browser = browser();
        Reply reply = browser.get("/t/includeSendsError");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("created", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "afterInclude=yes;");
    }

    @Test
    void includesCommitOnlyWhatChanged() { // spring-session #2284
        Browser browser = browser();
        store.reset();
        Reply reply = browser.get("/t/includeTwice");
        assertEquals("[small][small];done", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertEquals(List.of("save"), store.writes(browser.key()));
    }

    @Test
    void aHandlerThatThrowsHasItsChangesDiscardedAndItsExceptionReachesTheErrorPageUnchanged() {
        Browser browser = browser();
        Reply reply = browser.get("/t/throw?tag=t1");
        assertEquals(500, reply.status(), reply::toString);
        assertContains(reply.body(), "thrown=java.lang.IllegalStateException:boom t1");
        assertContains(reply.body(), "lost=null");
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString); // the error page's session
        String state = browser.get("/t/dump").body();
        assertContains(state, "errorPage=ERROR;");
        assertFalse(state.contains("lost="), state);
        assertContains(state, "visits=0;");
    }

    @Test
    void aCheckedExceptionThrownUndeclaredReachesTheErrorPageUnchangedAndIsDiscarded() { // Kotlin, @SneakyThrows
        Browser browser = browser();
        Reply reply = browser.get("/t/sneakyThrow?tag=t2");
        assertEquals(500, reply.status(), reply::toString);
        assertContains(reply.body(), "thrown=" + undeclaredAsTheErrorPageSeesIt("java.util.concurrent.TimeoutException",
                "sneaky t2"));
        assertContains(reply.body(), "lost=null");
        String state = browser.get("/t/dump").body();
        assertFalse(state.contains("lost="), state);
        assertContains(state, "visits=0;");
    }

    @Test
    void afterAHandlerThrewTheErrorPagesSessionIsTheRequestsOwnNeitherNewNorInvalid() {
        Browser browser = withSession();
        Reply reply = browser.get("/t/throw?tag=t3");
        assertEquals(500, reply.status(), reply::toString);
        assertContains(reply.body(), "lost=null;new=false;valid=true");
        assertEquals(List.of(), reply.setCookies(COOKIE));
    }

    @Test
    void wrappedTasksThatThrowHaveTheirChangesDiscardedAndLeaveTheSessionUsable() {
        Browser browser = withSession();
        Reply reply = browser.get("/t/failingTasks");
        assertEquals("TimeoutException,unchecked,TimeoutException;lost=null;new=false", reply.body());
        String state = browser.get("/t/dump").body();
        assertFalse(state.contains("lost="), state);
        assertContains(state, "visits=1;"); // the put's
    }

    @Test
    void aKeySentBeforeTheHandlerThrewStillReachesTheClient() { // Undertow resets headers for the error page
        Browser browser = browser();
        Reply reply = browser.get("/t/includeThenThrow");
        assertEquals(500, reply.status(), reply::toString);
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "outer=before-throw;"); // committed before the include
        assertContains(state, "errorPage=ERROR;");
        assertFalse(state.contains("lost="), state);
    }

    @Test
    void anErrorPageSharesTheRequestsSession() { // spring-session #229, #1308, #1470
        Browser browser = browser();
        Reply reply = browser.get("/t/notFound");
        assertEquals(404, reply.status(), reply::toString);
        assertContains(reply.body(), "before=404");
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "before=404;");
        assertContains(state, "errorPage=ERROR;");
    }

    @Test
    void anErrorPageForTheContainersOwn404CanBeginASession() {
        Browser browser = browser();
        Reply reply = browser.get("/no-such-page");
        assertEquals(404, reply.status(), reply::toString);
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "errorPage=ERROR;");
    }

    // ---- async ----

    @Test
    void workGivenToAsyncStartSeesTheSessionAndItsCookieArrivesAtComplete() { // spring-session #175, #295
        Browser browser = browser();
        Reply reply = browser.get("/t/asyncStart");
        assertEquals("async:WeftHttpSession:visits=1", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertFalse(reply.headers().allValues("set-cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID")));
        String state = browser.get("/t/dump").body();
        assertContains(state, "async=start;");
        assertContains(state, "visits=1;");
    }

    @Test
    void anAsyncDispatchSharesTheSession() {
        Browser browser = browser();
        Reply reply = browser.get("/t/asyncDispatch");
        assertEquals("before=dispatch;visits=1", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "before=dispatch;");
        assertContains(state, "after=ASYNC;");
    }

    @Test
    void anAsyncCycleThatCompletesBeforeItsDispatchReturnsCommitsOnce() { // spring-session #240
        Browser browser = browser();
        Gates.prepare("raced", 1);
        store.reset();
        Reply reply = browser.get("/t/asyncCompletesFirst?gate=raced");
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertEquals(List.of("save"), store.writes(browser.key()));
        assertContains(browser.get("/t/dump").body(), "raced=1;");
    }

    @Test
    void anAsyncTimeoutDiscardsAndAListenerCompletingThroughItsEventCommitsFirst() { // 200 ms of real time
        Browser browser = browser();
        Reply reply = browser.get("/t/asyncTimeout");
        assertEquals("timed out", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        String state = browser.get("/t/dump").body();
        assertContains(state, "timedOut=yes;");
        assertFalse(state.contains("lost="), state);
    }

    @Test
    void workWrappedForAnotherExecutorSeesTheSession() {
        Browser browser = browser();
        Reply reply = browser.get("/t/asyncExecutor");
        assertEquals("executor:visits=1", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "executor=1;");
    }

    // ---- id change, invalidation ----

    @Test
    void changeSessionIdReturnsTheNewIdAtOnceKeepsTheObjectAndEndsTheOldKey() { // spring-session #227
        Browser browser = withSession();
        String oldKey = browser.key();
        store.reset();
        String[] seen = browser.get("/t/renew").body().split("\\|");
        String newKey = browser.key();
        // one move, no delete-and-create (spring-session #1077)
        assertEquals(List.of("renew", "updateDelta"), store.writes(oldKey, newKey));
        assertNotEquals(oldKey, newKey);
        assertEquals(SessionKey.parse(oldKey).id().toString(), seen[0]);
        assertEquals(SessionKey.parse(newKey).id().toString(), seen[1]);
        assertEquals(seen[1], seen[2]);
        assertEquals("false", seen[3]); // the requested id is no longer valid
        assertEquals("true", seen[4]); // getSession(false) is the same object
        Browser stale = browser().key(oldKey);
        Reply refused = stale.get("/t/dump");
        assertEquals("no-session;visits=0", refused.body());
        assertEquals(List.of(), refused.setCookies(COOKIE));
        String state = browser.get("/t/dump").body();
        assertContains(state, "x=1;");
        assertContains(state, "renewed=yes;");
    }

    @Test
    void ofTwoConcurrentIdChangesOneWinsAndTheOtherGets409() { // spring-session #1327
        Browser first = withSession();
        Browser second = browser().key(first.key());
        Gates.prepare("renew", 2);
        CompletableFuture<Reply> a = first.send("/t/renewRace?gate=renew&rid=" + rid());
        CompletableFuture<Reply> b = second.send("/t/renewRace?gate=renew&rid=" + rid());
        Gates.awaitArrivals("renew");
        Gates.open("renew");
        List<Reply> replies = List.of(a.join(), b.join());
        Reply won = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow(
                () -> new AssertionError(replies.toString()));
        Reply lost = replies.stream().filter(r -> r != won).findFirst().orElseThrow();
        assertEquals("renewed", won.body());
        assertEquals(1, won.setCookies(COOKIE).size(), won::toString);
        assertEquals(409, lost.status(), lost::toString);
        assertEquals(List.of(), lost.setCookies(COOKIE));
    }

    @Test
    void afterInvalidateGetSessionFalseIsNullAndTheClientIsToldOnce() { // spring-session #1255, #1540
        Browser browser = withSession();
        String key = browser.key();
        Reply reply = browser.get("/t/invalidate");
        assertEquals("gone=true;valid=false;stale=ISE", reply.body());
        String removal = reply.setCookies(COOKIE).get(0).toLowerCase(Locale.ROOT);
        assertTrue(removal.startsWith(COOKIE.toLowerCase(Locale.ROOT) + "=;"), removal);
        assertTrue(removal.contains("max-age=0") || removal.contains("expires=thu, 01 jan 1970"), removal);
        assertNull(browser.key());
        Reply stale = browser().key(key).get("/t/dump");
        assertEquals("no-session;visits=0", stale.body());
        assertEquals(List.of(), stale.setCookies(COOKIE));
    }

    @Test
    void afterInvalidateGetSessionTrueBeginsANewSession() {
        Browser browser = withSession();
        String key = browser.key();
        Reply reply = browser.get("/t/invalidateAndBegin");
        assertEquals("same=false;new=true;doomed=null", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertNotEquals(key, browser.key());
        String state = browser.get("/t/dump").body();
        assertContains(state, "fresh=1;");
        assertFalse(state.contains("x=1"), state);
        assertEquals("no-session;visits=0", browser().key(key).get("/t/dump").body());
    }

    // ---- failures ----

    @Test
    void aWriteRefusedBecauseAnotherRequestEndedTheSessionGets409AndNoCookie() {
        Browser browser = withSession();
        Browser other = browser().key(browser.key());
        Gates.prepare("ended", 1);
        CompletableFuture<Reply> late = browser.send("/t/ended?gate=ended");
        Gates.awaitArrivals("ended");
        assertEquals("gone=true;valid=false;stale=ISE", other.get("/t/invalidate").body());
        Gates.open("ended");
        Reply reply = late.join();
        assertEquals(409, reply.status(), reply::toString);
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertNull(reply.header("X-Handler"));
        assertFalse(reply.body().contains("handler-body"), reply.body());
        assertContains(reply.body(), "session ended");
    }

    @Test
    void aStoreFailureAtTheCommitGets500InsteadOfTheHandlersResponse() {
        store.failNextWrite();
        Reply reply = browser().get("/t/put?name=x&value=1");
        assertEquals(500, reply.status(), reply::toString);
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertContains(reply.body(), "could not be stored");
        assertFalse(reply.body().contains("ok"), reply.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?async"})
    void anUnexpectedFailureAtTheCommitGets500AndEndsTheAsyncCycle(String query) {
        warnings.clear();
        Reply reply = browser().get("/t/badName" + query);
        assertEquals(500, reply.status(), reply::toString);
        assertContains(reply.body(), "could not be stored");
        assertFalse(reply.body().contains("handler-body"), reply.body());
        assertEquals(List.of(), reply.setCookies(COOKIE));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("IllegalArgumentException")), warnings::toString);
    }

    @Test
    void severalCookiesNamingLiveSessionsGet400() {
        Browser one = withSession();
        Browser two = withSession();
        Reply reply = browser().getWithCookies("/t/dump",
                List.of(COOKIE + "=" + one.key() + "; " + COOKIE + "=" + two.key()));
        assertEquals(400, reply.status(), reply::toString);
        assertEquals(List.of(), reply.setCookies(COOKIE));
    }

    @Test
    void ofSeveralCookiesThoseNamingNoLiveSessionArePassedOver() {
        Browser one = withSession();
        String planted = SessionKey.generate().value();
        Reply reply = browser().getWithCookies("/t/dump", List.of(COOKIE + "=" + planted, COOKIE + "=" + one.key()));
        assertEquals(200, reply.status(), reply::toString);
        assertContains(reply.body(), "x=1;");
        assertEquals(List.of(), reply.setCookies(COOKIE));
    }

    @Test
    void aScopeLeftOpenOnTheContainersThreadIsDiscardedWithAWarning() {
        warnings.clear();
        Browser browser = browser();
        Reply reply = browser.get("/t/put?name=y&value=2&abandon");
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("still open")), warnings::toString);
        SessionScope left = TestApp.Abandoned.LAST.get();
        left.close(); // had it been left open, this would store its write under a new key
        assertTrue(left.key().isEmpty());
        assertContains(browser.get("/t/dump").body(), "y=2;");
    }

    @Test
    void aForeignObjectWhereTheFilterKeepsTheRequestsSessionIsTreatedAsAbsent() { // a cross-context dispatch
        Browser browser = browser();
        Reply reply = browser.get("/t/put?name=z&value=3&foreign");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "z=3;");
    }

    // ---- attributes ----

    @Test
    void concurrentRequestsChangingDifferentAttributesAndFieldsLoseNothing() { // spring-session #1471, #1849
        Browser browser = withSession();
        Browser other = browser().key(browser.key());
        Gates.prepare("both", 2);
        CompletableFuture<Reply> a = browser.send("/t/concurrent?gate=both&attr=p&field=a");
        CompletableFuture<Reply> b = other.send("/t/concurrent?gate=both&attr=q&field=b");
        Gates.awaitArrivals("both"); // both loaded the same state
        Gates.open("both");
        assertEquals("ok", a.join().body());
        assertEquals("ok", b.join().body());
        String state = browser.get("/t/dump").body();
        assertContains(state, "a=1;b=[q];");
        assertContains(state, "p=set;");
        assertContains(state, "q=set;");
        assertContains(state, "x=1;");
    }

    @Test
    void anAttributeChangedInPlaceIsStoredWithoutSetAttribute() { // spring-session #177
        Browser browser = browser();
        assertEquals("[first]", browser.get("/t/inPlace").body());
        assertEquals("[first, item1]", browser.get("/t/inPlace").body());
        String state = browser.get("/t/dump").body();
        assertContains(state, "cart=[first, item1];");
        assertContains(state, "b=[in-place];");
    }

    @Test
    void readingAMutableAttributeStoresNothingSoAConcurrentSetSurvives() { // docs: change detection by this JVM's encoding
        Browser browser = withSession();
        String stored = "{\"@class\":\"java.util.HashMap\",\"b\":\"2\",\"a\":\"1\"}"; // another JVM's order
        AttributeCodec codec = new AttributeCodec(JsonMapper.builder().build(), List.of());
        assertNotEquals(stored, codec.encode("m", codec.decode("m", stored)));
        try (SessionScope scope = sessions.open(SessionKey.parse(browser.key()))) {
            Session.current().insert(SessionFilter.ATTRIBUTE_KEY_PREFIX + "m", new RawValue(stored));
        }
        store.reset();
        Gates.prepare("read", 1);
        CompletableFuture<Reply> reader = browser.send("/t/readAndWait?name=m&gate=read");
        Gates.awaitArrivals("read"); // the reader holds the map it read
        assertEquals("ok", browser.get("/t/put?name=m&value=set").body());
        Gates.open("read");
        assertEquals("{a=1, b=2}", reader.join().body());
        assertEquals(List.of("updateDelta"), store.writes(browser.key())); // the put's: the read wrote nothing
        assertContains(browser.get("/t/dump").body(), "m=set;");
    }

    @Test
    void anAttributeOfATypeOutsideTheAllowListIsRefusedNamingAttributeAndType() {
        Reply reply = browser().get("/t/outsideType");
        assertContains(reply.body(), "'wallet'");
        assertContains(reply.body(), Secret.class.getName());
        assertFalse(reply.body().contains("hunter2"), reply.body());
    }

    @Test
    void bindingListenersHearOfBindingsAsTheSpecSays() { // Servlet 7.4
        Browser browser = browser();
        browser.get("/t/binding");
        assertEquals(List.of("bound:b:one", "bound:b:two", "unbound:b:one", "unbound:b:two", "bound:c:three"),
                List.copyOf(Bound.EVENTS));
        assertEquals("unbound:c:three", browser.get("/t/bindingInvalidate").body());
    }

    @Test
    void valueBoundRunsWithoutTheSessionsLockSoAnotherThreadCanWriteTheResponse() { // no deadlock
        Browser browser = browser();
        Reply reply = browser.get("/t/boundWhileWriting?rid=" + rid());
        assertEquals("written;bound", reply.body());
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
    }

    @Test
    void maxInactiveIntervalIsTheSessionsOwnAndZeroMeansTheLongestTheStoreKeeps() {
        Browser browser = browser();
        assertEquals("1800", browser.get("/t/maxInactive").body());
        assertEquals("120", browser.get("/t/maxInactive?set=120").body());
        assertEquals("120", browser.get("/t/maxInactive").body());
        String longest = String.valueOf(dev.weft.store.SessionStore.MAX_TTL.toSeconds());
        assertEquals(longest, browser.get("/t/maxInactive?set=0").body());
        assertEquals(longest, browser.get("/t/maxInactive").body());
    }

    @Test
    void idsAreDigestsOfKeysNeverTheKeys() {
        Browser browser = withSession();
        String key = browser.key();
        String id = SessionKey.parse(key).id().toString();
        long before = System.currentTimeMillis();
        String body = browser.get("/t/ids").body();
        long after = System.currentTimeMillis();
        assertTrue(body.startsWith(id + "|true|true|false|" + id + "|false|"), body);
        assertFalse(body.contains(key), body);
        long lastAccessed = Long.parseLong(body.split("\\|")[6]);
        assertTrue(before <= lastAccessed && lastAccessed <= after, body); // when this request began
        assertTrue(Long.parseLong(body.split("\\|")[7]) <= before, body); // created by an earlier one
        assertEquals("null|false|false|false|none", browser().get("/t/ids").body());
        String unknown = SessionKey.generate().value();
        assertEquals(SessionKey.parse(unknown).id() + "|false|true|false|none",
                browser().key(unknown).get("/t/ids").body());
    }

    // ---- the key in a header ----

    @Test
    void aHeaderCarriesTheKeyForApis() {
        Browser client = Browser.withHeader(api.uri(), HEADER);
        Reply created = client.get("/t/put?name=h&value=1");
        assertNotNull(created.header(HEADER));
        assertEquals(List.of(), created.headers().allValues("set-cookie"));
        Reply read = client.get("/t/ids");
        assertNull(read.header(HEADER)); // nothing new to tell
        String id = SessionKey.parse(client.key()).id().toString();
        assertTrue(read.body().startsWith(id + "|true|false|false|"), read.body());
        assertContains(client.get("/t/dump").body(), "h=1;");
        Reply ended = client.get("/t/invalidate");
        assertEquals("", ended.header(HEADER));
        assertNull(client.key());
    }
}
