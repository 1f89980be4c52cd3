package dev.weft.servlet.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One client of a server, like a browser with its cookie jar for the session cookie alone (sent
 * by hand, so that {@code Secure} and {@code __Host-} cookies work over the tests' plain HTTP), or
 * an API client that keeps its key in a header.
 */
public final class Browser {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final String cookieName;
    private final String headerName;
    private volatile String key;

    private Browser(URI base, String cookieName, String headerName) {
        this.base = base;
        this.cookieName = cookieName;
        this.headerName = headerName;
    }

    /** A browser that keeps cookie {@code cookieName}. */
    public static Browser withCookie(URI base, String cookieName) {
        return new Browser(base, cookieName, null);
    }

    /** An API client that sends and learns its key in header {@code headerName}. */
    public static Browser withHeader(URI base, String headerName) {
        return new Browser(base, null, headerName);
    }

    /** The key it holds, or null. */
    public String key() {
        return key;
    }

    /** Makes it hold {@code key} (null: none). */
    public Browser key(String key) {
        this.key = key;
        return this;
    }

    /** A browser on another server with the same key. */
    public Browser on(URI otherBase) {
        return new Browser(otherBase, cookieName, headerName).key(key);
    }

    /** GET {@code pathAndQuery}, learning a new key from the reply. */
    public Reply get(String pathAndQuery) {
        try {
            return send(pathAndQuery).join();
        } catch (CompletionException e) {
            throw new AssertionError("GET " + pathAndQuery + " failed", e.getCause());
        }
    }

    /** GET with extra {@code Cookie} headers as given (several cookies of one name, say), learning nothing. */
    public Reply getWithCookies(String pathAndQuery, List<String> cookieHeaders) {
        HttpRequest.Builder request = request(pathAndQuery);
        for (String header : cookieHeaders) {
            request.header("Cookie", header);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET without waiting, learning a new key from the reply when it comes. */
    public CompletableFuture<Reply> send(String pathAndQuery) {
        HttpRequest.Builder request = request(pathAndQuery);
        String held = key;
        if (held != null) {
            if (cookieName != null) {
                request.header("Cookie", cookieName + "=" + held);
            } else {
                request.header(headerName, held);
            }
        }
        return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
            learn(reply);
            return reply;
        });
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(60)).GET();
    }

    private void learn(Reply reply) {
        if (cookieName != null) {
            for (String cookie : reply.setCookies(cookieName)) {
                int end = cookie.indexOf(';');
                String value = cookie.substring(cookieName.length() + 1, end < 0 ? cookie.length() : end);
                key = cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty() ? null : value;
            }
        } else {
            reply.headers().firstValue(headerName).ifPresent(value -> key = value.isEmpty() ? null : value);
        }
    }
}
