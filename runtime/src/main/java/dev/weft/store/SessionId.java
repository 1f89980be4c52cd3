package dev.weft.store;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A session's public identifier: the SHA-256 digest of its {@link SessionKey}. Stores keep
 * sessions under it instead of the key, so what a store holds (its keys, backups, heap dumps,
 * listeners) cannot be used to take over a session, and it is what logs, events and
 * {@code HttpSession.getId()} show. Knowing an identifier grants nothing: only the key, whose
 * digest it is, opens the session.
 *
 * <p>Its text ({@link #toString()}) is the 43-character unpadded base64url form of the digest.
 * A renewed session has a new key and so a new identifier.
 */
public final class SessionId {

    /** Length of the digest in bytes. */
    public static final int LENGTH = 32;

    private final byte[] digest;
    private String text;

    private SessionId(byte[] digest) {
        this.digest = digest;
    }

    /** The identifier of a key's digest; takes ownership of the array. */
    static SessionId ofDigest(byte[] digest) {
        return new SessionId(digest);
    }

    /**
     * An identifier from its digest, for stores that read one back.
     *
     * @param digest the {@value #LENGTH} digest bytes; copied
     * @return the identifier
     * @throws IllegalArgumentException if {@code digest} is not {@value #LENGTH} bytes long
     */
    public static SessionId fromBytes(byte[] digest) {
        Objects.requireNonNull(digest, "digest must not be null");
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a session id is " + LENGTH + " bytes, not " + digest.length);
        }
        return new SessionId(digest.clone());
    }

    /**
     * Reads an identifier from its text.
     *
     * @param text 43 characters of unpadded base64url, as {@link #toString()} gives
     * @return the identifier
     * @throws IllegalArgumentException if {@code text} is not such a text
     */
    public static SessionId parse(String text) {
        Objects.requireNonNull(text, "session id text must not be null");
        byte[] digest;
        try {
            digest = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session id is not base64url text");
        }
        if (digest.length != LENGTH || text.length() != 43) {
            throw new IllegalArgumentException("session id must be 43 characters of unpadded base64url");
        }
        return new SessionId(digest);
    }

    /** A copy of the digest's bytes. */
    public byte[] toBytes() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionId that && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** The identifier as 43 characters of unpadded base64url; safe to log. */
    @Override
    public String toString() {
        String shown = text;
        if (shown == null) {
            shown = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            text = shown;
        }
        return shown;
    }
}
