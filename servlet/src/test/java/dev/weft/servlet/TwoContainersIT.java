package dev.weft.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.http.SessionCookie;
import dev.weft.servlet.fixture.TestApp;
import dev.weft.servlet.testing.Browser;
import dev.weft.servlet.testing.Container;
import dev.weft.servlet.testing.JettyContainer;
import dev.weft.servlet.testing.Members;
import dev.weft.servlet.testing.TomcatContainer;
import dev.weft.servlet.testing.UndertowContainer;
import dev.weft.session.Sessions;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One session across containers: Jetty on one Hazelcast member, Tomcat and Undertow on another
 * member of the same cluster, as nodes of one application behind a load balancer would be.
 */
class TwoContainersIT {

    private static final Members members = new Members();
    private static final List<Container.Running> running = new java.util.ArrayList<>();
    private static Container.Running jetty;
    private static Container.Running tomcat;
    private static Container.Running undertow;

    @BeforeAll
    static void start() throws Exception {
        HazelcastInstance first = members.start();
        HazelcastInstance second = members.start();
        jetty = start(new JettyContainer(), 18330, first);
        tomcat = start(new TomcatContainer(), 18331, second);
        undertow = start(new UndertowContainer(), 18332, second);
    }

    private static Container.Running start(Container container, int port, HazelcastInstance member) throws Exception {
        Sessions sessions = Sessions.builder().store(new HazelcastSessionStore(member)).build();
        SessionFilter filter = SessionFilter.builder(sessions).allowPackages("dev.weft.servlet.fixture.allowed").build();
        Container.Running server = container.start(port, new TestApp(filter, sessions));
        running.add(server);
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (Container.Running server : running) {
                server.close();
            }
        } finally {
            members.shutdown();
        }
    }

    @Test
    void fieldsAndAttributesWrittenInOneContainerAreReadInTheOthers() {
        Browser onJetty = Browser.withCookie(jetty.uri(), SessionCookie.SECURE_NAME);
        onJetty.get("/t/put?name=from&value=jetty");
        Browser onTomcat = onJetty.on(tomcat.uri());
        assertEquals("visits=2", onTomcat.get("/t/field").body());
        onTomcat.get("/t/put?name=also&value=tomcat");
        Browser onUndertow = onTomcat.on(undertow.uri());
        String state = onUndertow.get("/t/dump").body();
        assertTrue(state.contains("visits=3;"), state);
        assertTrue(state.contains("also=tomcat;from=jetty;"), state);
    }

    @Test
    void aKeyRenewedInOneContainerIsRefusedInTheOthers() {
        Browser onTomcat = Browser.withCookie(tomcat.uri(), SessionCookie.SECURE_NAME);
        onTomcat.get("/t/put?name=x&value=1");
        String old = onTomcat.key();
        onTomcat.get("/t/renew");
        assertEquals("no-session;visits=0", onTomcat.on(jetty.uri()).key(old).get("/t/dump").body());
        assertTrue(onTomcat.on(undertow.uri()).get("/t/dump").body().contains("renewed=yes;"));
    }
}
