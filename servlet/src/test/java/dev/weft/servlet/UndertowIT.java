package dev.weft.servlet;

import dev.weft.servlet.testing.Container;
import dev.weft.servlet.testing.UndertowContainer;
import org.junit.jupiter.api.Test;

/** The suite on Undertow. */
class UndertowIT extends ContainerSuite {

    @Override
    Container container() {
        return new UndertowContainer();
    }

    @Override
    int port() {
        return 18320;
    }

    /** Undertow's own filter chain wraps it in a RuntimeException (before the Weft filter sees it). */
    @Override
    String undeclaredAsTheErrorPageSeesIt(String type, String message) {
        return RuntimeException.class.getName() + ":" + type + ": " + message;
    }

    @Test
    @Override
    void afterResetTheWriterIsANewOneCountedInTheNewCharset() {
        super.afterResetTheWriterIsANewOneCountedInTheNewCharset();
    }
}
