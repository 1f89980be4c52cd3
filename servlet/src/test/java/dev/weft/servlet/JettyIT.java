package dev.weft.servlet;

import dev.weft.servlet.testing.Container;
import dev.weft.servlet.testing.JettyContainer;
import org.junit.jupiter.api.Test;

/** The suite on Jetty. */
class JettyIT extends ContainerSuite {

    @Override
    Container container() {
        return new JettyContainer();
    }

    @Override
    int port() {
        return 18300;
    }

    @Test
    @Override
    void afterResetTheWriterIsANewOneCountedInTheNewCharset() {
        super.afterResetTheWriterIsANewOneCountedInTheNewCharset();
    }
}
