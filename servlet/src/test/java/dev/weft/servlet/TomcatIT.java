package dev.weft.servlet;

import dev.weft.servlet.testing.Container;
import dev.weft.servlet.testing.TomcatContainer;

/** The suite on Tomcat. */
class TomcatIT extends ContainerSuite {

    @Override
    Container container() {
        return new TomcatContainer();
    }

    @Override
    int port() {
        return 18310;
    }
}
