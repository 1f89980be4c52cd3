package dev.weft.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's {@link HttpClient}, pinned to HTTP/1.1 (its pool keeps connections alive), one client
 * per system shared by the client threads: the alternative client ({@code --client jdk}), to check
 * that the raw one does not flatter or hurt any system.
 */
final class JdkConnection implements Connection {

    private final HttpClient client;
    private final String base;

    JdkConnection(HttpClient client, int port) {
        this.client = client;
        this.base = "http://127.0.0.1:" + port;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public Response send(boolean post, String path, String cookie) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        request.method(post ? "POST" : "GET", post ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            return new Response(response.statusCode(), body, body.length,
                    response.headers().allValues("set-cookie"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        // the client's pool is shared; it closes its idle connections itself
    }
}
