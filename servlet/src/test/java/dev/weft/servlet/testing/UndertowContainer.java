package dev.weft.servlet.testing;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.util.Set;

/** Undertow 2.3 (Servlet 6.0). */
public final class UndertowContainer implements Container {

    @Override
    public String name() {
        return "Undertow";
    }


    @Override
    public Running start(int port, ServletContainerInitializer application) throws Exception {
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowContainer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("weft-" + port)
                .addServletContainerInitializer(new ServletContainerInitializerInfo(application.getClass(),
                        new ImmediateInstanceFactory<>(application), Set.of()))
                .addErrorPage(new ErrorPage("/error-page", 404))
                .addErrorPage(new ErrorPage("/error-page", Throwable.class));
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow server = Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(manager.start()).build();
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
                manager.stop();
                manager.undeploy();
            }
        };
    }
}
