package dev.weft.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.http.SessionCookie;
import dev.weft.servlet.example.JavalinShop;
import dev.weft.servlet.testing.Browser;
import dev.weft.servlet.testing.Members;
import dev.weft.servlet.testing.Reply;
import dev.weft.session.Sessions;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import io.javalin.Javalin;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Javalin example, driven as a browser would. */
class JavalinExampleIT {

    private static final int PORT = 18340;
    private static final Members members = new Members();
    private static Javalin app;

    @BeforeAll
    static void start() {
        Sessions sessions = Sessions.builder().store(new HazelcastSessionStore(members.start())).build();
        app = JavalinShop.create(sessions).start(PORT);
    }

    @AfterAll
    static void stop() {
        try {
            app.stop();
        } finally {
            members.shutdown();
        }
    }

    private static Browser browser() {
        return Browser.withCookie(URI.create("http://127.0.0.1:" + PORT + "/"), SessionCookie.SECURE_NAME);
    }

    @Test
    void eachBrowserHasItsOwnCartInASessionScopedField() {
        Browser alice = browser();
        Browser bob = browser();
        assertEquals("apple", alice.get("/cart/add?item=apple").body());
        assertEquals("pear", bob.get("/cart/add?item=pear").body());
        assertEquals("apple,fig", alice.get("/cart/add?item=fig").body());
        assertEquals("apple,fig", alice.get("/cart").body());
        assertEquals("pear", bob.get("/cart").body());
        assertEquals("", browser().get("/cart").body());
    }

    @Test
    void javalinsSessionAttributesAreWeftsAndSignInRenewsTheKey() {
        Browser browser = browser();
        browser.get("/cart/add?item=apple");
        String before = browser.key();
        assertEquals("signed in", browser.get("/sign-in?name=ada").body());
        assertNotEquals(before, browser.key());
        assertEquals("ada", browser.get("/me").body());
        assertEquals("apple", browser.get("/cart").body()); // same session, new key
        assertEquals("null", browser().key(before).get("/me").body());
        Reply out = browser.get("/sign-out");
        assertEquals("signed out", out.body());
        assertNull(browser.key());
    }

    @Test
    void asyncHandlersSeeTheSessionOnTheirExecutor() {
        Browser browser = browser();
        browser.get("/cart/add?item=apple");
        browser.get("/cart/add?item=fig");
        assertEquals("2 items", browser.get("/cart/total").body());
    }
}
