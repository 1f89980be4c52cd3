package dev.weft.bench.http;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.web.ClusteredSessionService;
import com.hazelcast.web.SessionListener;
import com.hazelcast.web.WebFilter;
import dev.weft.bench.common.CountingProxies;
import dev.weft.bench.common.CountingSessionStore;
import dev.weft.servlet.SessionFilter;
import dev.weft.session.Sessions;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import jakarta.servlet.DispatcherType;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * One system under test in the server JVM: its own Jetty 12 {@link Server} (default thread pool,
 * one connector on 127.0.0.1), serving {@link ShopServlet} (or its ee8 twin) behind the system's
 * session filter, with {@link CountingFilter} in front. All systems' sessions live on the same
 * two-member cluster, each in a map of its own.
 */
final class SystemServer {

    /** Every system this benchmark knows, in report order. */
    static final List<String> NAMES = List.of("weft", "weft-httpsession", "spring", "hazelcast-wm", "jetty-memory",
            "imap-floor");

    final String name;
    final String description;
    final Server server;
    final Counters counters;
    private final AutoCloseable resources;
    /** hazelcast-wm's filter, or null. */
    private WebFilter webFilter;

    private SystemServer(String name, String description, Server server, Counters counters, AutoCloseable resources) {
        this.name = name;
        this.description = description;
        this.server = server;
        this.counters = counters;
        this.resources = resources;
    }

    /** Builds and starts system {@code name} on {@code port}. */
    static SystemServer start(String name, HazelcastInstance hazelcast, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        Counters counters = new Counters();
        SystemServer system = switch (name) {
            case "weft" -> weft(name, hazelcast, server, counters, HttpCluster.WEFT_MAP, ShopServlet.Access.FIELDS);
            case "weft-httpsession" -> weft(name, hazelcast, server, counters, HttpCluster.WEFT_HTTPSESSION_MAP,
                    ShopServlet.Access.ATTRIBUTES);
            case "spring" -> spring(hazelcast, server, counters);
            case "hazelcast-wm" -> hazelcastWm(server, counters);
            case "jetty-memory" -> jettyMemory(server, counters);
            case "imap-floor" -> floor(hazelcast, server, counters);
            default -> throw new IllegalArgumentException("unknown system " + name + "; known: " + NAMES);
        };
        server.start();
        if (system.webFilter != null) {
            countOperations(system.webFilter.getClusteredSessionService());
        }
        return system;
    }

    /** Stops the server and what the system built. */
    void stop() throws Exception {
        server.stop();
        resources.close();
    }

    private static ServletContextHandler context(int options, Counters counters) {
        ServletContextHandler context = new ServletContextHandler(options);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new CountingFilter(counters)), "/*", EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    /**
     * Weft's servlet filter over {@code Sessions} with {@link HazelcastSessionStore} as shipped
     * (defaults: TTL 30 min, {@code ON_EVERY_REQUEST}, 1% TTL-extension window), the store counted.
     * No container sessions ({@code NO_SESSIONS}), as the servlet module's README advises.
     */
    private static SystemServer weft(String name, HazelcastInstance hazelcast, Server server, Counters counters,
            String map, ShopServlet.Access access) {
        Sessions sessions = Sessions.builder()
                .store(new CountingSessionStore(HazelcastSessionStore.builder(hazelcast).mapName(map).build()))
                .ttl(HttpCluster.TTL)
                .build();
        SessionFilter filter = SessionFilter.builder(sessions).secure(false).build();
        ServletContextHandler context = context(ServletContextHandler.NO_SESSIONS, counters);
        FilterHolder weft = new FilterHolder(filter);
        weft.setAsyncSupported(true);
        context.addFilter(weft, "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(new ServletHolder(new ShopServlet(access)), "/*");
        server.setHandler(context);
        String how = access == ShopServlet.Access.FIELDS ? "three @SessionScoped String fields (woven by the agent)"
                : "HttpSession attributes (the drop-in path)";
        return new SystemServer(name, "Weft dev.weft.servlet.SessionFilter (cookie, secure(false)) over Sessions with"
                + " HazelcastSessionStore as shipped, map " + map + "; the servlet uses " + how, server, counters,
                sessions);
    }

    /**
     * Spring Session 3.5 as Spring Boot would configure it: {@link HazelcastIndexedSessionRepository}
     * (flush ON_SAVE, save ON_SET_ATTRIBUTE, 30 min, {@code afterPropertiesSet()} registering its
     * entry listener; principal attribute, index and serializer on both members) behind {@link
     * SessionRepositoryFilter} mapped to REQUEST, ASYNC and ERROR.
     */
    private static SystemServer spring(HazelcastInstance hazelcast, Server server, Counters counters) {
        HazelcastIndexedSessionRepository repository =
                new HazelcastIndexedSessionRepository(CountingProxies.counting(hazelcast));
        repository.setDefaultMaxInactiveInterval(HttpCluster.TTL);
        repository.setFlushMode(FlushMode.ON_SAVE);
        repository.setSaveMode(SaveMode.ON_SET_ATTRIBUTE);
        repository.afterPropertiesSet();
        ServletContextHandler context = context(ServletContextHandler.NO_SESSIONS, counters);
        FilterHolder filter = new FilterHolder(new SessionRepositoryFilter<>(repository));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        context.addServlet(new ServletHolder(new ShopServlet(ShopServlet.Access.ATTRIBUTES)), "/*");
        server.setHandler(context);
        return new SystemServer("spring", "Spring Session 3.5.0 HazelcastIndexedSessionRepository (flush ON_SAVE, save"
                + " ON_SET_ATTRIBUTE, principal index, HazelcastSessionSerializer on both members) behind"
                + " SessionRepositoryFilter; HttpSession attributes", server, counters, repository::destroy);
    }

    /**
     * hazelcast-wm 5.0's {@link WebFilter} on Jetty 12's ee8 environment, embedded mode over this
     * member ({@code instance-name}), {@code sticky-session=false} (a cluster without a sticky load
     * balancer), other options default (no deferred write). It needs the container's own sessions
     * ({@code SESSIONS}, 30 min) and its {@link SessionListener}.
     */
    private static SystemServer hazelcastWm(Server server, Counters counters) {
        org.eclipse.jetty.ee8.servlet.ServletContextHandler context = new org.eclipse.jetty.ee8.servlet.ServletContextHandler(
                org.eclipse.jetty.ee8.servlet.ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.getSessionHandler().setMaxInactiveInterval((int) HttpCluster.TTL.toSeconds());
        Properties properties = new Properties();
        properties.setProperty("instance-name", HttpCluster.INSTANCE_NAME);
        properties.setProperty("use-client", "false");
        properties.setProperty("map-name", HttpCluster.WM_MAP);
        properties.setProperty("sticky-session", "false");
        properties.setProperty("shutdown-on-destroy", "false");
        context.addFilter(new org.eclipse.jetty.ee8.servlet.FilterHolder(new CountingFilterEe8(counters)), "/*",
                EnumSet.of(javax.servlet.DispatcherType.REQUEST));
        WebFilter webFilter = new WebFilter(properties);
        context.addFilter(new org.eclipse.jetty.ee8.servlet.FilterHolder(webFilter), "/*",
                EnumSet.of(javax.servlet.DispatcherType.REQUEST, javax.servlet.DispatcherType.FORWARD,
                        javax.servlet.DispatcherType.INCLUDE, javax.servlet.DispatcherType.ERROR));
        context.addEventListener(new SessionListener());
        context.addServlet(new org.eclipse.jetty.ee8.servlet.ServletHolder(new ShopServletEe8()), "/*");
        server.setHandler(context);
        SystemServer system = new SystemServer("hazelcast-wm", "hazelcast-wm 5.0 WebFilter on Jetty 12 ee8 (embedded"
                + " member by instance-name, sticky-session false, deferred-write false; Jetty's own sessions underneath,"
                + " as it needs); HttpSession attributes", server, counters, () -> { });
        system.webFilter = webFilter;
        return system;
    }

    /**
     * Jetty's own in-memory sessions (ee10 {@code SESSIONS}: the default {@code DefaultSessionCache}
     * over a {@code NullSessionDataStore}), 30 min: no clustering, the ceiling.
     */
    private static SystemServer jettyMemory(Server server, Counters counters) {
        ServletContextHandler context = context(ServletContextHandler.SESSIONS, counters);
        context.getSessionHandler().setMaxInactiveInterval((int) HttpCluster.TTL.toSeconds());
        context.addServlet(new ServletHolder(new ShopServlet(ShopServlet.Access.ATTRIBUTES)), "/*");
        server.setHandler(context);
        return new SystemServer("jetty-memory", "Jetty 12 ee10's own sessions (DefaultSessionCache,"
                + " NullSessionDataStore), not clustered: the ceiling; HttpSession attributes", server, counters,
                () -> { });
    }

    /**
     * hazelcast-wm gets its map from the instance it looks up by name. To count its operations, the
     * map its {@link ClusteredSessionService} holds (a private field, set when the filter starts) is
     * replaced by a counting view of the same map.
     */
    /** The reference {@link FloorServlet}: one {@code IMap.get} per request, no session filter. */
    @SuppressWarnings("unchecked")
    private static SystemServer floor(HazelcastInstance hazelcast, Server server, Counters counters) {
        ServletContextHandler context = context(ServletContextHandler.NO_SESSIONS, counters);
        IMap<String, String[]> map = (IMap<String, String[]>) CountingProxies.countingMap(
                hazelcast.getMap(HttpCluster.FLOOR_MAP));
        context.addServlet(new ServletHolder(new FloorServlet(map)), "/*");
        server.setHandler(context);
        return new SystemServer("imap-floor", "reference, not a session manager: the servlet keeps the three values"
                + " in an IMap<String, String[]> under an id in a cookie of its own (IMap.get per request, IMap.set on"
                + " writes, expiry by the map's max-idle time): the least a session kept in Hazelcast costs here",
                server, counters, () -> { });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void countOperations(ClusteredSessionService service) throws ReflectiveOperationException {
        Field field = ClusteredSessionService.class.getDeclaredField("clusterMap");
        field.setAccessible(true);
        field.set(service, CountingProxies.countingMap((IMap) field.get(service)));
    }
}
