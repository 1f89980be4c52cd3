package dev.weft.bench.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The one endpoint every Jakarta system serves (the ee8 twin is {@link ShopServletEe8}):
 *
 * <ul>
 *   <li>{@code POST /new}: a new session holding the three values;
 *   <li>{@code GET /s}: read the three values;
 *   <li>{@code POST /s}: read them, then give the cart a different value.
 * </ul>
 *
 * Each answers 200 with {@link Payload#body} (set before the body is written, with its length
 * declared), or 404 when the request has no session. Writes come before the body, so every session
 * filter stores them before the response commits.
 */
final class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** How the servlet reaches the session's values. */
    enum Access {
        /** Weft's {@code @SessionScoped} fields ({@link ShopFields}). */
        FIELDS,
        /** {@code request.getSession()} attributes. */
        ATTRIBUTES
    }

    private static final byte[] MISSING = "missing\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Access access;
    private final transient ShopFields fields = new ShopFields();

    ShopServlet(Access access) {
        this.access = access;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().equals("/new")) {
            create(request, response);
        } else {
            serve(request, response, true);
        }
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (access == Access.FIELDS) {
            fields.profile = Payload.PROFILE;
            fields.cart = Payload.CART;
            fields.prefs = Payload.PREFS;
        } else {
            HttpSession session = request.getSession(true);
            session.setAttribute(Payload.PROFILE_KEY, Payload.PROFILE);
            session.setAttribute(Payload.CART_KEY, Payload.CART);
            session.setAttribute(Payload.PREFS_KEY, Payload.PREFS);
        }
        answer(response, 200, Payload.body(Payload.PROFILE, Payload.CART, Payload.PREFS));
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean write) throws IOException {
        String profile;
        String cart;
        String prefs;
        if (access == Access.FIELDS) {
            profile = fields.profile;
            cart = fields.cart;
            prefs = fields.prefs;
            if (profile.isEmpty()) {
                answer(response, 404, MISSING); // a new session: its fields hold their defaults
                return;
            }
            if (write) {
                fields.cart = Payload.nextCart(cart);
            }
        } else {
            HttpSession session = request.getSession(false);
            if (session == null) {
                answer(response, 404, MISSING);
                return;
            }
            profile = (String) session.getAttribute(Payload.PROFILE_KEY);
            cart = (String) session.getAttribute(Payload.CART_KEY);
            prefs = (String) session.getAttribute(Payload.PREFS_KEY);
            if (write && cart != null) {
                session.setAttribute(Payload.CART_KEY, Payload.nextCart(cart));
            }
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
