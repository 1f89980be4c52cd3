package dev.weft.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The response as the application sees it: every call that commits the response (or is about to)
 * commits the session first, while headers can still be added. It counts the bytes written, to
 * see when a declared content length is reached or the buffer fills, and commits before any one
 * write of a quarter of the buffer or more (Jetty 12 sends a write longer than its aggregation
 * size, by default a quarter of the buffer, straight to the network); the container's own {@link
 * #isCommitted()} is not trusted alone (Undertow says false after the declared length was written).
 * Once the session's commit was refused, the handler's response goes nowhere: the client got
 * {@code 409} (or {@code 500}) instead.
 *
 * <p>Only Servlet 6.0 methods are called on the container's response, except where the
 * application called a 6.1 method ({@code sendRedirect} with a status or a flag, {@code
 * ServletOutputStream.write(ByteBuffer)}): a 6.0 container's objects lack those.
 */
final class SessionResponse extends HttpServletResponseWrapper {

    private final RequestSession session;
    /** The declared content length, or -1. */
    private long contentLength = -1;
    /** Bytes written since the start or the last reset. */
    private long written;
    /** Writing reached the declared length, the buffer's size or a large write: the session was committed for it. */
    private boolean full;
    private CountingStream stream;
    private PrintWriter writer;

    SessionResponse(HttpServletResponse response, RequestSession session) {
        super(response);
        this.session = session;
    }

    RequestSession session() {
        return session;
    }

    /** Commits the session because the response is about to commit; false if the handler's response goes nowhere. */
    private boolean committing() {
        return committing(RequestSession.Commit.RESPONSE);
    }

    private boolean committing(RequestSession.Commit kind) {
        session.commit(kind);
        return !session.refused();
    }

    /**
     * As {@link #committing(RequestSession.Commit)}, for {@code sendError} and {@code sendRedirect},
     * which commit the response unless they are called in an include: the specification has
     * containers ignore them there (Undertow calls them on this very wrapper).
     */
    private boolean committingUnlessIncluded(RequestSession.Commit kind) {
        return session.including() ? !session.refused() : committing(kind);
    }

    /**
     * {@code n} more bytes are about to be written in one call: commits the session first if they
     * reach the declared content length or fill the buffer, or are a quarter of the buffer or more.
     *
     * @return false if the bytes must go nowhere (the commit was refused)
     */
    private synchronized boolean writing(long n) {
        if (session.refused()) {
            return false;
        }
        written += n;
        long buffer = bufferSize();
        if (!full && ((contentLength > 0 && written >= contentLength) || written >= buffer || n >= buffer / 4)) {
            full = true;
            return committing();
        }
        return true;
    }

    private long bufferSize() {
        int size = getResponse().getBufferSize();
        return size > 0 ? size : Long.MAX_VALUE;
    }

    private synchronized void declared(long length) {
        contentLength = length;
        if (length > 0 && written >= length) {
            committing();
        }
    }

    private void declared(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                declared(value == null ? -1 : Long.parseLong(value.trim()));
            } catch (NumberFormatException notANumber) {
                // the container decides what a non-numeric length means; it declares nothing here
            }
        }
    }

    // ---- what commits ----

    @Override
    public void flushBuffer() throws IOException {
        if (committing()) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (committingUnlessIncluded(RequestSession.Commit.SEND_ERROR)) {
            super.sendError(sc, msg);
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        if (committingUnlessIncluded(RequestSession.Commit.SEND_ERROR)) {
            super.sendError(sc);
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (committingUnlessIncluded(RequestSession.Commit.RESPONSE)) {
            super.sendRedirect(location);
        }
    }

    /** Servlet 6.1; reached only by an application that calls it, so only on a 6.1 container. */
    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        if (committingUnlessIncluded(RequestSession.Commit.RESPONSE)) {
            super.sendRedirect(location, sc);
        }
    }

    /** Servlet 6.1; reached only by an application that calls it, so only on a 6.1 container. */
    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        if (committingUnlessIncluded(RequestSession.Commit.RESPONSE)) {
            super.sendRedirect(location, clearBuffer);
        }
    }

    /** Servlet 6.1; reached only by an application that calls it, so only on a 6.1 container. */
    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (committingUnlessIncluded(RequestSession.Commit.RESPONSE)) {
            super.sendRedirect(location, sc, clearBuffer);
        }
    }

    @Override
    public void setContentLength(int len) {
        if (!session.refused()) {
            super.setContentLength(len);
            declared(len);
        }
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!session.refused()) {
            super.setContentLengthLong(len);
            declared(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (!session.refused()) {
            super.setHeader(name, value);
            declared(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!session.refused()) {
            super.addHeader(name, value);
            declared(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!session.refused()) {
            super.setIntHeader(name, value);
            declared(name, Integer.toString(value));
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!session.refused()) {
            super.addIntHeader(name, value);
            declared(name, Integer.toString(value));
        }
    }

    @Override
    public void reset() {
        if (session.refused()) {
            return;
        }
        super.reset();
        synchronized (this) {
            contentLength = -1;
            written = 0;
            full = false;
            // reset() clears the getWriter()/getOutputStream() state too (Servlet 6.0, as Tomcat's
            // Response.reset does): the next call gets the container's new one, in the new charset.
            stream = null;
            writer = null;
        }
        session.afterReset(); // reset() dropped the key this request already sent
    }

    @Override
    public void resetBuffer() {
        if (session.refused()) {
            return;
        }
        super.resetBuffer();
        synchronized (this) {
            written = 0;
            full = false;
        }
    }

    @Override
    public boolean isCommitted() {
        return session.responseCommitted() || super.isCommitted();
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new CountingStream(session.refused() ? null : super.getOutputStream());
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            Writer target = session.refused() ? Writer.nullWriter() : super.getWriter();
            writer = new PrintWriter(new CountingWriter(target, charset()), false);
        }
        return writer;
    }

    private Charset charset() {
        try {
            String name = getCharacterEncoding();
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8; // counts no fewer bytes than a one-byte charset would
        }
    }

    // ---- what a refused response drops ----

    @Override
    public void setStatus(int sc) {
        if (!session.refused()) {
            super.setStatus(sc);
        }
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (!session.refused()) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (!session.refused()) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (!session.refused()) {
            super.addDateHeader(name, date);
        }
    }

    @Override
    public void setContentType(String type) {
        if (!session.refused()) {
            super.setContentType(type);
        }
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (!session.refused()) {
            super.setCharacterEncoding(charset);
        }
    }

    @Override
    public void setLocale(Locale loc) {
        if (!session.refused()) {
            super.setLocale(loc);
        }
    }

    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        if (!session.refused()) {
            super.setTrailerFields(supplier);
        }
    }

    // ---- keys never go into URLs ----

    /** Returns {@code url} unchanged: Weft never puts a session's key into a URL. */
    @Override
    public String encodeURL(String url) {
        return url;
    }

    /** Returns {@code url} unchanged: Weft never puts a session's key into a URL. */
    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    /** The response's byte stream, counted; {@code out} is null once the commit was refused. */
    private final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream out;

        CountingStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (out != null && writing(1)) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (out != null && writing(len)) {
                out.write(b, off, len);
            }
        }

        /** Servlet 6.1; reached only by an application that calls it, so only on a 6.1 container. */
        @Override
        public void write(ByteBuffer buffer) throws IOException {
            if (out != null && writing(buffer.remaining())) {
                out.write(buffer);
            } else {
                buffer.position(buffer.limit());
            }
        }

        @Override
        public void flush() throws IOException {
            if (out != null && committing()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null && committing()) {
                out.close();
            }
        }

        @Override
        public boolean isReady() {
            return out == null || out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            if (out != null) {
                out.setWriteListener(listener);
            }
        }
    }

    /**
     * Under the application's {@link PrintWriter}, so that everything it writes ({@code print},
     * {@code printf}, {@code format}, {@code append}, line separators) is counted here, in bytes of
     * the response's charset.
     */
    private final class CountingWriter extends Writer {
        private final Writer out;
        private final Charset charset;

        CountingWriter(Writer out, Charset charset) {
            this.out = out;
            this.charset = charset;
        }

        @Override
        public void write(int c) throws IOException {
            if (writing(bytes(String.valueOf((char) c), 0, 1))) {
                out.write(c);
            }
        }

        @Override
        public void write(char[] buffer, int off, int len) throws IOException {
            if (writing(bytes(java.nio.CharBuffer.wrap(buffer), off, len))) {
                out.write(buffer, off, len);
            }
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            if (writing(bytes(text, off, len))) {
                out.write(text, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (committing()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (committing()) {
                out.close();
            }
        }

        /** How many bytes {@code len} chars take in the charset (surrogates split across writes count high). */
        private long bytes(CharSequence text, int off, int len) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                long n = 0;
                for (int i = off; i < off + len; i++) {
                    char c = text.charAt(i);
                    if (c < 0x80) {
                        n += 1;
                    } else if (c < 0x800) {
                        n += 2;
                    } else if (Character.isHighSurrogate(c) && i + 1 < off + len
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        n += 4;
                        i++;
                    } else {
                        n += 3;
                    }
                }
                return n;
            }
            if (charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)) {
                return len;
            }
            return text.subSequence(off, off + len).toString().getBytes(charset).length;
        }
    }
}
