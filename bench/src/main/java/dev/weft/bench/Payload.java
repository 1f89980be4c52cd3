package dev.weft.bench;

import dev.weft.session.internal.ValueCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The values every system stores: three strings of exactly {@value #VALUE_LENGTH} ASCII characters. */
public final class Payload {

    public static final int VALUE_LENGTH = 100;
    /** Bytes of payload per session: three values of {@value #VALUE_LENGTH} bytes. */
    public static final int BYTES_PER_SESSION = 3 * VALUE_LENGTH;

    public static final String PROFILE = value("profile:user=alice;email=alice@example.com;locale=en-GB;tier=gold;");
    public static final String CART = value("cart:sku-1001x2;sku-2002x1;sku-3003x5;coupon=AUTUMN;");
    public static final String PREFS = value("prefs:theme=dark;currency=EUR;newsletter=no;pagesize=48;");
    /** Two carts a writing request alternates between, so every write changes the value. */
    public static final String[] CART_WRITES = {value("cart:sku-1001x3;sku-2002x1;"), value("cart:sku-1001x1;sku-4004x2;")};

    /** The cart a writing request stores after reading {@code current}: always a different value. */
    public static String nextCart(String current) {
        return CART_WRITES[0].equals(current) ? CART_WRITES[1] : CART_WRITES[0];
    }

    private Payload() {
    }

    /** {@code seed} padded with a filler to exactly {@value #VALUE_LENGTH} characters. */
    static String value(String seed) {
        StringBuilder text = new StringBuilder(seed);
        while (text.length() < VALUE_LENGTH) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.substring(0, VALUE_LENGTH);
    }

    /** The state as Weft stores it: state key to JSON text. */
    public static Map<String, String> weftState() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put(ShopState.PROFILE, ValueCodec.DEFAULT.encode(ShopState.PROFILE, PROFILE));
        state.put(ShopState.CART, ValueCodec.DEFAULT.encode(ShopState.CART, CART));
        state.put(ShopState.PREFS, ValueCodec.DEFAULT.encode(ShopState.PREFS, PREFS));
        return state;
    }

    /** The state as the hand-written IMap systems store it: key, value, key, value... */
    public static String[] rawState() {
        return new String[] {ShopState.PROFILE, PROFILE, ShopState.CART, CART, ShopState.PREFS, PREFS};
    }
}
