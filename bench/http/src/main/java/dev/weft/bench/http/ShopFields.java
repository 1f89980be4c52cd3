package dev.weft.bench.http;

import dev.weft.annotation.SessionScoped;

/**
 * The {@code weft} system's session state: three {@code @SessionScoped} fields, woven by the agent
 * the server JVM runs with. Outside a request they hold the defaults of a new session (empty).
 */
final class ShopFields {

    @SessionScoped(Payload.PROFILE_KEY)
    String profile = "";
    @SessionScoped(Payload.CART_KEY)
    String cart = "";
    @SessionScoped(Payload.PREFS_KEY)
    String prefs = "";
}
