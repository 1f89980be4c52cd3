package dev.weft.bench.http;

import com.hazelcast.map.IMap;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The reference {@code imap-floor}, not a session manager: {@link ShopServlet}'s endpoint with the
 * three values kept by hand in an {@code IMap<String, String[]>} under a random id carried in a cookie
 * of its own: one {@code IMap.get} per request, one {@code IMap.set} more on writes (the map's
 * max-idle time slides expiry, as {@code bench/}'s floor). No session filter, no container
 * sessions: the least a session kept in Hazelcast can cost per request here.
 */
final class FloorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String COOKIE = "floor";
    private static final byte[] MISSING = "missing\n".getBytes(StandardCharsets.US_ASCII);

    private final transient IMap<String, String[]> map;

    FloorServlet(IMap<String, String[]> map) {
        this.map = map;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().equals("/new")) {
            String id = UUID.randomUUID().toString();
            map.set(id, new String[] {Payload.PROFILE, Payload.CART, Payload.PREFS});
            response.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly");
            answer(response, 200, Payload.body(Payload.PROFILE, Payload.CART, Payload.PREFS));
        } else {
            serve(request, response, true);
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean write) throws IOException {
        String id = null;
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(COOKIE)) {
                    id = cookie.getValue();
                }
            }
        }
        String[] values = id == null ? null : map.get(id);
        if (values == null) {
            answer(response, 404, MISSING);
            return;
        }
        if (write) {
            map.set(id, new String[] {values[0], Payload.nextCart(values[1]), values[2]});
        }
        answer(response, 200, Payload.body(values[0], values[1], values[2]));
    }

    private static void answer(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
