package dev.weft.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.servlet.testing.Browser;
import dev.weft.servlet.testing.Container;
import dev.weft.servlet.testing.Reply;
import dev.weft.servlet.testing.TomcatContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The suite on Tomcat, plus what only a Servlet 6.1 container has (Jetty 12 ee10 and Undertow 2.3 are 6.0). */
class TomcatIT extends ContainerSuite {

    @Override
    Container container() {
        return new TomcatContainer();
    }

    @Override
    int port() {
        return 18310;
    }

    @ParameterizedTest
    @ValueSource(strings = {"redirect303", "redirectKeepBuffer", "redirect303KeepBuffer"})
    void servlet61RedirectsSendTheCookie(String trigger) {
        Browser browser = browser();
        Reply reply = browser.get("/t/" + trigger);
        assertEquals(trigger.contains("303") ? 303 : 302, reply.status(), reply::toString);
        assertEquals(1, reply.setCookies(COOKIE).size(), reply::toString);
        assertContains(browser.get("/t/dump").body(), "t=" + trigger + ";");
    }

    @Test
    void reachingTheDeclaredContentLengthWithAByteBufferCommits() {
        reachingTheDeclaredContentLengthCommits("setContentLength", "byteBuffer");
    }
}
