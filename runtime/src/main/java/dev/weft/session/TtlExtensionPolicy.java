package dev.weft.session;

/** When a session's idle lifetime starts again, as actix-session's {@code TtlExtensionPolicy}. */
public enum TtlExtensionPolicy {
    /**
     * Every request that reads the session extends it: sliding expiry. The extension rides on the
     * load, so a read-only request costs one store round trip.
     */
    ON_EVERY_REQUEST,
    /** Only requests that change the session extend it. */
    ON_STATE_CHANGES
}
