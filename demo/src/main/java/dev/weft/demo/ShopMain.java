package dev.weft.demo;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sun.net.httpserver.HttpServer;
import dev.weft.http.SessionFilter;
import dev.weft.session.Sessions;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Starts one node of the demo shop: a Hazelcast member of the cluster {@code weft-demo} and a web
 * server on loopback. Run it with the Weft agent attached ({@code demo/run} does).
 *
 * <pre>
 * --port N      HTTP port (default 8080)
 * --hz-port N   Hazelcast member port (default: the first free one of 5701-5705)
 * -Dweft.demo.ttl-seconds=N   session idle lifetime (default 1800)
 * </pre>
 */
public final class ShopMain {

    private ShopMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = 8080;
        Integer hazelcastPort = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = portArgument(args, ++i, "--port");
                    break;
                case "--hz-port":
                    hazelcastPort = portArgument(args, ++i, "--hz-port");
                    break;
                default:
                    fail("unknown argument '" + args[i] + "'; expected --port N and --hz-port N");
            }
        }
        Duration ttl = Duration.ofSeconds(Long.getLong("weft.demo.ttl-seconds", 1800));
        if (ttl.isNegative() || ttl.isZero()) {
            fail("weft.demo.ttl-seconds must be positive, was " + ttl.getSeconds());
        }

        Config config = new ClasspathYamlConfig("hazelcast.yaml");
        if (hazelcastPort != null) {
            config.getNetworkConfig().setPort(hazelcastPort).setPortAutoIncrement(false);
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                System.out.println("member joined: " + event.getMember().getAddress() + ", cluster of " + event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                System.out.println("member left: " + event.getMember().getAddress() + ", cluster of " + event.getMembers().size());
            }
        });
        Sessions sessions;
        try {
            sessions = Sessions.builder().store(new HazelcastSessionStore(member)).ttl(ttl).build();
        } catch (IllegalStateException e) { // without the agent every user would share one cart
            member.shutdown();
            fail(e.getMessage());
            return;
        }

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        Shop shop = new Shop(member, port, ttl);
        server.createContext("/", shop).getFilters().add(SessionFilter.builder(sessions).secure(false).build());
        server.createContext("/health", exchange -> {
            byte[] ok = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            member.shutdown();
        }, "weft-demo-shutdown"));
        System.out.println("Weft demo shop on http://127.0.0.1:" + port + "/  (Hazelcast member "
                + member.getCluster().getLocalMember().getAddress() + ", cluster of "
                + member.getCluster().getMembers().size() + ", session TTL " + ttl.getSeconds() + " s)");
    }

    private static int portArgument(String[] args, int index, String name) {
        if (index >= args.length) {
            fail(name + " needs a port number");
        }
        try {
            int port = Integer.parseInt(args[index]);
            if (port < 1 || port > 65535) {
                fail(name + " must be between 1 and 65535, was " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            fail(name + " must be a number, was '" + args[index] + "'");
            return -1;
        }
    }

    private static void fail(String message) {
        System.err.println("weft-demo: " + message);
        System.exit(2);
    }
}
