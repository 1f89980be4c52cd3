package dev.weft.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The key a session's state is stored under: an immutable, opaque text that is the session's
 * only credential.
 *
 * <p>{@link #generate()} draws {@value #GENERATED_LENGTH} characters of {@code [A-Za-z0-9]} from
 * one shared {@link SecureRandom}, about 381 bits of entropy. {@link #parse(String)} accepts any
 * key a store may have issued (1 to {@value #MAX_LENGTH} visible ASCII characters), so keys from
 * other implementations stay usable.
 *
 * <p>Because a key is a credential, {@link #toString()} never shows it and {@link #equals(Object)}
 * takes the same time whichever character differs. Only {@link #value()} reveals the text, for
 * the cookie. Stores keep a session under its {@link #id()}, a digest of the key, never the key.
 */
public final class SessionKey {

    /** Length of keys made by {@link #generate()}. */
    public static final int GENERATED_LENGTH = 64;

    /** Longest key {@link #parse(String)} accepts (a cookie value's practical limit). */
    public static final int MAX_LENGTH = 4064;

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** Largest multiple of the alphabet's size that fits a byte: bytes at or above it are dropped. */
    private static final int UNBIASED_BOUND = 256 - 256 % ALPHABET.length;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError("every Java platform has SHA-256: " + e);
        }
    }

    private final String value;
    /** The digest, computed once on first use: a key usually lives for one request. */
    private SessionId id;

    private SessionKey(String value) {
        this.value = value;
    }

    /**
     * Returns a new random key of {@value #GENERATED_LENGTH} characters {@code [A-Za-z0-9]},
     * uniformly distributed.
     *
     * @return a fresh key
     */
    public static SessionKey generate() {
        char[] key = new char[GENERATED_LENGTH];
        byte[] random = new byte[GENERATED_LENGTH + 16];
        int filled = 0;
        while (filled < key.length) {
            RANDOM.nextBytes(random);
            for (int i = 0; i < random.length && filled < key.length; i++) {
                int b = random[i] & 0xFF;
                if (b < UNBIASED_BOUND) {
                    key[filled++] = ALPHABET[b % ALPHABET.length];
                }
            }
        }
        return new SessionKey(new String(key));
    }

    /**
     * Reads a key from its text, for example a cookie value.
     *
     * @param text the key's text
     * @return the key
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is empty, longer than {@value #MAX_LENGTH}
     *     characters, or holds a character outside visible ASCII ({@code '!'} to {@code '~'});
     *     the message names the rule and never repeats the text
     */
    public static SessionKey parse(String text) {
        Objects.requireNonNull(text, "session key text must not be null");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("session key is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("session key has " + text.length()
                    + " characters, more than the " + MAX_LENGTH + " allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException("session key has a character that is not"
                        + " visible ASCII at position " + i);
            }
        }
        return new SessionKey(text);
    }

    /**
     * Returns the key's text. Treat it as a secret: it grants access to the session.
     *
     * @return the text, 1 to {@value #MAX_LENGTH} visible ASCII characters
     */
    public String value() {
        return value;
    }

    /**
     * The session's public identifier: the SHA-256 digest of this key's text. Computed once per
     * key object.
     *
     * @return the identifier, safe to log and show
     */
    public SessionId id() {
        SessionId digest = id;
        if (digest == null) {
            MessageDigest sha;
            try {
                sha = (MessageDigest) SHA_256.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 cannot be cloned", e);
            }
            digest = SessionId.ofDigest(sha.digest(value.getBytes(StandardCharsets.US_ASCII)));
            id = digest;
        }
        return digest;
    }

    /** Compares the keys' texts in time that does not depend on where they differ. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SessionKey)) {
            return false;
        }
        String that = ((SessionKey) other).value;
        if (that.length() != value.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < value.length(); i++) {
            difference |= value.charAt(i) ^ that.charAt(i);
        }
        return difference == 0;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Returns a fixed text that never shows the key. */
    @Override
    public String toString() {
        return "SessionKey[redacted]";
    }
}
