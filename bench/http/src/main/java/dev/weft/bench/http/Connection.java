package dev.weft.bench.http;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** One client thread's way to send requests to one system, over HTTP/1.1 with keep-alive. */
interface Connection extends Closeable {

    /**
     * Sends a request and reads the whole response.
     *
     * @param post POST (with an empty body) instead of GET
     * @param path the path, such as {@code /s}
     * @param cookie the {@code Cookie} header's value, or null for none
     */
    Response send(boolean post, String path, String cookie) throws IOException;

    /**
     * A response: status, body (the first {@code length} bytes of {@code body}, which the connection
     * may reuse for its next response) and the {@code Set-Cookie} header values (empty if none).
     */
    record Response(int status, byte[] body, int length, List<String> setCookies) {

        boolean bodyEquals(byte[] expected) {
            return length == expected.length && java.util.Arrays.equals(body, 0, length, expected, 0, length);
        }

        String bodyText() {
            return new String(body, 0, Math.min(length, 200), java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        }
    }
}
