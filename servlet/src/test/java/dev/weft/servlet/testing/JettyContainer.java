package dev.weft.servlet.testing;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12, ee10 (Servlet 6.0), without its own sessions. */
public final class JettyContainer implements Container {

    @Override
    public String name() {
        return "Jetty";
    }


    @Override
    public Running start(int port, ServletContainerInitializer application) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServletContainerInitializer(application);
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(404, "/error-page");
        errors.addErrorPage(Throwable.class, "/error-page");
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        return new Running() {
            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }
}
