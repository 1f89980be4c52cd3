package dev.weft.servlet.testing;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;

/**
 * An embedded servlet container the suite runs against. Each starts one context at {@code /},
 * set up by the application's {@link ServletContainerInitializer} (filters and servlets, as a
 * user's would), with error pages for 404 and for any exception at {@code /error-page}, which
 * the Servlet API cannot declare programmatically.
 */
public interface Container {

    /** Its name, for messages. */
    String name();

    /** Starts it on 127.0.0.1:{@code port}. */
    Running start(int port, ServletContainerInitializer application) throws Exception;

    /** A started container. */
    interface Running {
        URI uri();

        /** Stops it. */
        void close() throws Exception;
    }
}
