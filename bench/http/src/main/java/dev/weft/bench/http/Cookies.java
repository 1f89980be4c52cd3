package dev.weft.bench.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's cookie jar for one session, kept as the {@code Cookie} header it sends: {@code
 * Set-Cookie} values are merged in by name (attributes dropped; one with {@code Max-Age=0} or an
 * empty value removes its cookie). Every path here is {@code /} on one host, so nothing else matters.
 */
final class Cookies {

    private Cookies() {
    }

    /** The header after {@code setCookies}; null if no cookie is left. */
    static String merge(String header, List<String> setCookies) {
        Map<String, String> jar = new LinkedHashMap<>();
        if (header != null) {
            for (String pair : header.split("; ")) {
                int eq = pair.indexOf('=');
                jar.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        for (String set : setCookies) {
            String[] parts = set.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean removed = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
                if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
                    removed = true;
                }
            }
            if (removed) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
        if (jar.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        jar.forEach((name, value) -> out.append(out.length() == 0 ? "" : "; ").append(name).append('=').append(value));
        return out.toString();
    }
}
