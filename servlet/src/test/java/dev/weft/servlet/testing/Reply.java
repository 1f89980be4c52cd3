package dev.weft.servlet.testing;

import java.net.http.HttpHeaders;
import java.util.List;

/** What a server answered. */
public record Reply(int status, HttpHeaders headers, String body) {

    /** The {@code Set-Cookie} headers for cookie {@code name}, in order. */
    public List<String> setCookies(String name) {
        return headers.allValues("set-cookie").stream().filter(value -> value.startsWith(name + "=")).toList();
    }

    /** The single {@code Set-Cookie} for {@code name}'s value; fails unless there is exactly one. */
    public String cookieValue(String name) {
        List<String> cookies = setCookies(name);
        if (cookies.size() != 1) {
            throw new AssertionError("expected one Set-Cookie for " + name + ", got " + cookies + " (status "
                    + status + ", body " + body + ")");
        }
        String cookie = cookies.get(0);
        int end = cookie.indexOf(';');
        return cookie.substring(name.length() + 1, end < 0 ? cookie.length() : end);
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return "Reply[" + status + ", " + headers.map() + ", "
                + (body.length() > 200 ? body.substring(0, 200) + "...(" + body.length() + " chars)" : body) + "]";
    }
}
