package dev.weft.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The values every system keeps, as in {@code bench/}: three strings of exactly {@value
 * #VALUE_LENGTH} ASCII characters, and the small response body that reports what a request read.
 */
final class Payload {

    static final int VALUE_LENGTH = 100;

    static final String PROFILE = value("profile:user=alice;email=alice@example.com;locale=en-GB;tier=gold;");
    static final String CART = value("cart:sku-1001x2;sku-2002x1;sku-3003x5;coupon=AUTUMN;");
    static final String PREFS = value("prefs:theme=dark;currency=EUR;newsletter=no;pagesize=48;");
    /** Two carts a writing request alternates between, so every write changes the value. */
    private static final String[] CART_WRITES = {value("cart:sku-1001x3;sku-2002x1;"),
        value("cart:sku-1001x1;sku-4004x2;")};

    /** The attribute names (and state keys) of the three values. */
    static final String PROFILE_KEY = "profile";
    static final String CART_KEY = "cart";
    static final String PREFS_KEY = "prefs";

    private Payload() {
    }

    /** The cart a writing request stores after reading {@code current}: always a different value. */
    static String nextCart(String current) {
        return CART_WRITES[0].equals(current) ? CART_WRITES[1] : CART_WRITES[0];
    }

    /**
     * The response body of a request that read these values: each value's length and hash, so the
     * client can tell a wrong or missing value from a right one without the server checking.
     */
    static byte[] body(String profile, String cart, String prefs) {
        return (tag(profile) + " " + tag(cart) + " " + tag(prefs) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Every body a correct read can produce: the cart is one of three values, the others fixed. */
    static List<byte[]> validBodies() {
        return List.of(body(PROFILE, CART, PREFS), body(PROFILE, CART_WRITES[0], PREFS),
                body(PROFILE, CART_WRITES[1], PREFS));
    }

    private static String tag(String value) {
        return value == null ? "null" : value.length() + ":" + Integer.toHexString(value.hashCode());
    }

    /** {@code seed} padded with a filler to exactly {@value #VALUE_LENGTH} characters. */
    private static String value(String seed) {
        StringBuilder text = new StringBuilder(seed);
        while (text.length() < VALUE_LENGTH) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.substring(0, VALUE_LENGTH);
    }
}
