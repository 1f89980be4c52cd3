package dev.weft.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * What one request tells its client about the session, on the container's response: the key's
 * header value (a {@code Set-Cookie}, or the key header), told again where a container dropped it,
 * or the short {@code 409}/{@code 500} answer that replaces the handler's response when a commit
 * fails. Not thread-safe: {@link RequestSession} calls it under its lock.
 */
final class ClientNotice {

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
    private static final byte[] CONFLICT = ("The session ended while this request was under way (it was signed out"
            + " or signed in again elsewhere), so nothing was stored. Retry the request.\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILED = "The session could not be stored, so this request did not take effect.\n"
            .getBytes(StandardCharsets.UTF_8);

    private final Transport transport;
    /** The container's response (the one an ERROR dispatch brings, once there is one). */
    private HttpServletResponse base;
    /** The header value this request last told the client (its new key, or a removal), or null. */
    private String told;

    ClientNotice(Transport transport, HttpServletResponse base) {
        this.transport = transport;
        this.base = base;
    }

    void base(HttpServletResponse response) {
        this.base = response;
    }

    /** Whether the container says its response is committed. */
    boolean containerCommitted() {
        return base.isCommitted();
    }

    /**
     * Tells the client {@code value} (a key, or a removal), unless the response still carries it.
     *
     * @param committed whether the response is committed as far as the filter knows
     * @return false if the client cannot learn it: the response committed before it was told
     */
    boolean tell(String value, boolean committed) {
        if (value.equals(told) && transport.told(base, value)) {
            return true;
        }
        if (committed || base.isCommitted()) {
            return value.equals(told); // told before the commit, dropped by the container since
        }
        transport.tell(base, value);
        told = value;
        return true;
    }

    /** Replaces the handler's response with {@code 409 Conflict} (the session ended meanwhile) or {@code 500}. */
    void answer(int status) {
        byte[] body = status == 409 ? CONFLICT : FAILED;
        try {
            base.reset();
            base.setStatus(status);
            base.setContentType("text/plain;charset=utf-8");
            base.setHeader("Cache-Control", "no-store");
            base.setContentLength(body.length);
            try {
                ServletOutputStream out = base.getOutputStream();
                out.write(body);
            } catch (IllegalStateException writerInUse) {
                PrintWriter out = base.getWriter();
                out.write(new String(body, StandardCharsets.UTF_8));
            }
            base.flushBuffer();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the refusal could not be sent: " + e);
        }
    }
}
