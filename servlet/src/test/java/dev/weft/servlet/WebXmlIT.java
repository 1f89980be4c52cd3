package dev.weft.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.servlet.fixture.SessionsListener;
import dev.weft.servlet.testing.Browser;
import dev.weft.servlet.testing.Members;
import dev.weft.servlet.testing.Reply;
import dev.weft.session.Sessions;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter declared in {@code web.xml} (Tomcat reads it): no-argument constructor, init
 * parameters, and the {@link Sessions} from a {@code ServletContext} attribute.
 */
class WebXmlIT {

    private static final int PORT = 18350;
    private static final Members members = new Members();
    private static Tomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        HazelcastSessionStore store = new HazelcastSessionStore(members.start());
        SessionsListener.sessions = Sessions.builder().store(store).build();
        SessionsListener.other = Sessions.builder().store(store).ttl(Duration.ofSeconds(900)).build();
        tomcat = tomcat(PORT, "/webapp");
        tomcat.start();
    }

    /** A Tomcat with one web application read from {@code resource}'s {@code WEB-INF/web.xml}. */
    private static Tomcat tomcat(int port, String resource) throws Exception {
        Tomcat server = new Tomcat();
        server.setBaseDir(Files.createTempDirectory("weft-tomcat").toString());
        server.setPort(port);
        server.getConnector().setProperty("address", "127.0.0.1");
        server.setAddDefaultWebXmlToWebapp(false);
        Context context = server.addWebapp("", Path.of(WebXmlIT.class.getResource(resource).toURI()).toString());
        context.getJarScanner().setJarScanFilter((type, name) -> false);
        ((StandardContext) context).setContainerSciFilter(".*"); // the test class path holds Jetty's SCIs
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            members.shutdown();
        }
    }

    @Test
    void theDeclaredFilterFindsItsSessionsAndReadsItsParameters() {
        Browser browser = Browser.withCookie(URI.create("http://127.0.0.1:" + PORT + "/"), "shop-session");
        Reply created = browser.get("/t/allowed"); // allow-packages: an Item may be stored
        assertEquals("stored", created.body());
        List<String> cookies = created.setCookies("shop-session"); // cookie-name
        assertEquals(1, cookies.size(), created::toString);
        String cookie = cookies.get(0).toLowerCase(Locale.ROOT);
        assertFalse(cookie.contains("secure"), cookie); // secure=false
        assertTrue(cookie.contains("max-age=600"), cookie); // max-age
        assertTrue(cookie.contains("samesite=lax"), cookie);
        assertEquals("900", browser.get("/t/maxInactive").body()); // sessions-attribute: the other Sessions' TTL
        assertTrue(browser.get("/t/dump").body().contains("item=Item[name=apple, quantity=1];"));
    }

    @Test
    void aSecondDeclarationCarriesKeysInAHeader() {
        Browser client = Browser.withHeader(URI.create("http://127.0.0.1:" + PORT + "/"), "X-Session-Key");
        Reply created = client.get("/api/put?name=h&value=1"); // header
        assertEquals(List.of(), created.headers().allValues("set-cookie"));
        assertNotNull(client.key(), created::toString);
        assertTrue(client.get("/api/dump").body().contains("h=1;"));
        assertEquals("1800", client.get("/api/maxInactive").body()); // the default attribute's Sessions
        assertEquals("refused", client.get("/api/allowed").body()); // no packages allowed here
    }

    @Test
    void withoutSessionsTheApplicationDoesNotStart() throws Exception {
        List<Throwable> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    logged.add(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Tomcat broken = tomcat(PORT + 1, "/webapp-without-sessions");
        try {
            broken.start();
            Context context = (Context) broken.getHost().findChildren()[0];
            assertFalse(context.getState().isAvailable()); // its filter refused to start
            assertTrue(logged.stream().map(WebXmlIT::causes).anyMatch(text -> text.contains(
                    "needs the application's Sessions in the ServletContext attribute '"
                    + SessionFilter.SESSIONS_ATTRIBUTE + "'")), () -> logged.stream().map(WebXmlIT::causes).toList()
                    .toString());
        } finally {
            root.removeHandler(capture);
            broken.stop();
            broken.destroy();
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append(" / ");
        }
        return text.toString();
    }
}
