package dev.weft.servlet.example;

import dev.weft.annotation.SessionScoped;
import dev.weft.servlet.SessionFilter;
import dev.weft.session.Sessions;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * Weft in a framework: a tiny shop on Javalin 7 (Jetty 12 inside). The filter goes into
 * Javalin's servlet context for every dispatcher type; after that, a handler keeps per-user
 * state in a {@code @SessionScoped} field, or in Javalin's session attributes (which are {@code
 * HttpSession} attributes, so Weft's), and both live in the Hazelcast cluster.
 *
 * <pre>{@code
 * Sessions sessions = Sessions.builder().store(new HazelcastSessionStore(hazelcast)).build();
 * JavalinShop.create(sessions).start(8080);
 * }</pre>
 */
public final class JavalinShop {

    /** One cart per session, though there is one shop. */
    @SessionScoped
    private List<String> cart = new ArrayList<>();

    private final ExecutorService pricing = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "pricing");
        thread.setDaemon(true);
        return thread;
    });

    private JavalinShop() {
    }

    /** The shop's app, not started. */
    public static Javalin create(Sessions sessions) {
        JavalinShop shop = new JavalinShop();
        SessionFilter filter = SessionFilter.builder(sessions).build();
        return Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.modifyServletContextHandler(handler -> {
                FilterHolder weft = new FilterHolder(filter);
                weft.setAsyncSupported(true);
                handler.addFilter(weft, "/*", EnumSet.allOf(DispatcherType.class));
            });
            config.routes.get("/cart/add", ctx -> {
                shop.cart.add(ctx.queryParam("item"));
                ctx.result(String.join(",", shop.cart));
            });
            config.routes.get("/cart", ctx -> ctx.result(String.join(",", shop.cart)));
            config.routes.get("/sign-in", ctx -> {
                ctx.req().changeSessionId(); // against session fixation: same session, new key
                ctx.sessionAttribute("user", ctx.queryParam("name"));
                ctx.result("signed in");
            });
            config.routes.get("/me", ctx -> {
                String user = ctx.sessionAttribute("user");
                ctx.result(String.valueOf(user));
            });
            config.routes.get("/sign-out", ctx -> {
                ctx.req().getSession().invalidate();
                ctx.result("signed out");
            });
            // Async: Javalin starts the cycle; work on another executor carries the session along.
            config.routes.get("/cart/total", ctx -> {
                Callable<String> total = SessionFilter.wrap(ctx.req(), () -> shop.cart.size() + " items");
                ctx.future(() -> CompletableFuture.supplyAsync(() -> call(total), shop.pricing).thenAccept(ctx::result));
            });
        });
    }

    private static <V> V call(Callable<V> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
