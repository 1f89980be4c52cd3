package dev.weft.servlet.testing;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.nio.file.Files;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;

/** Tomcat 11 (Servlet 6.1), with its default {@code suspendWrappedResponseAfterForward=true}. */
public final class TomcatContainer implements Container {

    /** Kept, so that the level stays set (JUL holds loggers weakly). */
    private static final Logger TOMCAT_LOGS = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOGS.setLevel(Level.WARNING);
    }

    @Override
    public String name() {
        return "Tomcat";
    }


    @Override
    public Running start(int port, ServletContainerInitializer application) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("weft-tomcat").toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        ((StandardContext) context).setSuspendWrappedResponseAfterForward(true); // Tomcat 11's default, stated
        context.addServletContainerInitializer(application, null);
        ErrorPage notFound = new ErrorPage();
        notFound.setErrorCode(404);
        notFound.setLocation("/error-page");
        context.addErrorPage(notFound);
        ErrorPage thrown = new ErrorPage();
        thrown.setExceptionType("java.lang.Throwable");
        thrown.setLocation("/error-page");
        context.addErrorPage(thrown);
        tomcat.start();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        return new Running() {
            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }
        };
    }
}
