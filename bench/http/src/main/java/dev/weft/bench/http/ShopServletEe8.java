package dev.weft.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * {@link ShopServlet} with {@code HttpSession} attributes, in {@code javax.servlet}: for
 * hazelcast-wm on Jetty 12's ee8 environment. The same endpoint, statement for statement.
 */
final class ShopServletEe8 extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] MISSING = "missing\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().equals("/new")) {
            HttpSession session = request.getSession(true);
            session.setAttribute(Payload.PROFILE_KEY, Payload.PROFILE);
            session.setAttribute(Payload.CART_KEY, Payload.CART);
            session.setAttribute(Payload.PREFS_KEY, Payload.PREFS);
            answer(response, 200, Payload.body(Payload.PROFILE, Payload.CART, Payload.PREFS));
        } else {
            serve(request, response, true);
        }
    }

    private static void serve(HttpServletRequest request, HttpServletResponse response, boolean write)
            throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            answer(response, 404, MISSING);
            return;
        }
        String profile = (String) session.getAttribute(Payload.PROFILE_KEY);
        String cart = (String) session.getAttribute(Payload.CART_KEY);
        String prefs = (String) session.getAttribute(Payload.PREFS_KEY);
        if (write && cart != null) {
            session.setAttribute(Payload.CART_KEY, Payload.nextCart(cart));
        }
        answer(response, 200, Payload.body(profile, cart, prefs));
    }

    private static void answer(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
