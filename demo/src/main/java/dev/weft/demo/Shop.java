package dev.weft.demo;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The shop's pages. Per-user state lives in the {@code @SessionScoped} fields of {@link Cart},
 * {@link Account} and {@link Visits}; this class only reads and writes them as plain fields.
 */
final class Shop implements HttpHandler {

    private final HazelcastInstance member;
    private final int httpPort;
    private final Duration ttl;
    private final Cart cart = new Cart();
    private final Account account = new Account();

    Shop(HazelcastInstance member, int httpPort, Duration ttl) {
        this.member = member;
        this.httpPort = httpPort;
        this.ttl = ttl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/")) {
                send(exchange, 200, "text/html; charset=utf-8", page());
            } else if (method.equals("GET") && path.equals("/api/state")) {
                send(exchange, 200, "text/plain; charset=utf-8", state());
            } else if (method.equals("POST") && path.equals("/cart/add")) {
                Optional<Product> product = Product.byId(form(exchange).getOrDefault("product", ""));
                if (product.isEmpty()) {
                    send(exchange, 400, "text/plain; charset=utf-8", "no such product");
                    return;
                }
                cart.add(product.get());
                redirectHome(exchange);
            } else if (method.equals("POST") && path.equals("/cart/remove")) {
                cart.remove(form(exchange).getOrDefault("product", ""));
                redirectHome(exchange);
            } else if (method.equals("POST") && path.equals("/signin")) {
                String name = form(exchange).getOrDefault("name", "").strip();
                if (name.isEmpty() || name.length() > 40) {
                    send(exchange, 400, "text/plain; charset=utf-8", "a name needs 1 to 40 characters");
                    return;
                }
                account.signIn(name);
                redirectHome(exchange);
            } else if (method.equals("POST") && path.equals("/signout")) {
                account.signOut();
                redirectHome(exchange);
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found");
            }
        }
    }

    /** A line-per-fact view of this session and node, for scripts and tests; changes nothing. */
    private String state() {
        return "node=" + httpPort + "\n"
                + "user=" + account.user().orElse("") + "\n"
                + "cart=" + cart.lines().stream().map(l -> l.productId() + ":" + l.quantity())
                        .collect(Collectors.joining(",")) + "\n"
                + "visits=" + Visits.count() + "\n"
                + "members=" + member.getCluster().getMembers().size() + "\n"
                + "partitions=" + ownedPartitions() + "\n";
    }

    private String page() {
        int visits = Visits.next();
        List<CartLine> lines = cart.lines();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>Weft demo shop</title>")
                .append("<meta name=viewport content='width=device-width,initial-scale=1'><style>")
                .append("body{font:16px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#222}")
                .append("h1{margin:0}header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #2b6cb0;padding-bottom:.5rem}")
                .append("table{border-collapse:collapse;width:100%}td,th{padding:.35rem .5rem;border-bottom:1px solid #e2e8f0;text-align:left}")
                .append("td.n{text-align:right}button{background:#2b6cb0;color:#fff;border:0;border-radius:4px;padding:.3rem .8rem;cursor:pointer}")
                .append("button.quiet{background:#e2e8f0;color:#222}section{margin-top:1.5rem}form{display:inline}")
                .append(".node{background:#f7fafc;border:1px solid #e2e8f0;border-radius:6px;padding:.75rem 1rem;font-size:.9rem}")
                .append("input{padding:.3rem;border:1px solid #cbd5e0;border-radius:4px}</style></head><body>");
        html.append("<header><h1>Weft shop</h1><div>");
        Optional<String> user = account.user();
        if (user.isPresent()) {
            html.append("Signed in as <b id=user>").append(escape(user.get())).append("</b> ")
                    .append("<form method=post action=/signout><button class=quiet>Sign out</button></form>");
        } else {
            html.append("<form method=post action=/signin><input name=name placeholder='Your name' required maxlength=40> ")
                    .append("<button>Sign in</button></form>");
        }
        html.append("</div></header>");

        html.append("<section><h2>Products</h2><table>");
        for (Product product : Product.CATALOGUE) {
            html.append("<tr><td>").append(escape(product.name())).append("</td><td class=n>").append(product.price())
                    .append("</td><td class=n><form method=post action=/cart/add><input type=hidden name=product value=")
                    .append(product.id()).append("><button id='add-").append(product.id()).append("'>Add</button></form></td></tr>");
        }
        html.append("</table></section>");

        html.append("<section><h2>Cart</h2>");
        if (lines.isEmpty()) {
            html.append("<p id=cart-empty>Your cart is empty.</p>");
        } else {
            html.append("<table id=cart>");
            for (CartLine line : lines) {
                Product product = Product.byId(line.productId()).orElseThrow();
                html.append("<tr data-product=").append(product.id()).append("><td>").append(escape(product.name()))
                        .append("</td><td class=n>× <span class=qty>").append(line.quantity()).append("</span></td><td class=n>")
                        .append("<form method=post action=/cart/remove><input type=hidden name=product value=")
                        .append(product.id()).append("><button class=quiet>Remove</button></form></td></tr>");
            }
            int total = cart.totalCents();
            html.append("<tr><th>Total</th><th class=n colspan=2 id=total>")
                    .append(String.format("€%d.%02d", total / 100, total % 100)).append("</th></tr></table>");
        }
        html.append("</section>");

        html.append("<section class=node><b>Answered by node <span id=node>").append(httpPort).append("</span></b>")
                .append(" (Hazelcast member ").append(member.getCluster().getLocalMember().getAddress()).append(")<br>")
                .append("Pages seen in this session: <span id=visits>").append(visits).append("</span><br>")
                .append("Session idle timeout: ").append(ttl.toSeconds()).append(" s after the last request<br>Cluster members:<ul>");
        for (Member m : member.getCluster().getMembers()) {
            html.append("<li>").append(m.getAddress()).append(m.localMember() ? " (this node)" : "").append("</li>");
        }
        html.append("</ul></section></body></html>");
        return html.toString();
    }

    private int ownedPartitions() {
        int owned = 0;
        for (Partition partition : member.getPartitionService().getPartitions()) {
            Member owner = partition.getOwner();
            if (owner != null && owner.localMember()) {
                owned++;
            }
        }
        return owned;
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        try (InputStream body = exchange.getRequestBody()) {
            String text = new String(body.readNBytes(8192), StandardCharsets.UTF_8);
            for (String pair : text.split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2) {
                    form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                            URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
        }
        return form;
    }

    private static void redirectHome(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Location", "/");
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
