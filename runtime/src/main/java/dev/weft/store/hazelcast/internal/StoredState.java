package dev.weft.store.hazelcast.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a session's state sits in the map: one {@code byte[]} holding two format bytes ({@code 'W'},
 * version 1), a stamp (8 bytes, big-endian) and then key, value, key, value..., each string as its
 * UTF-8 length (an unsigned LEB128 varint, shortest form) followed by its UTF-8 bytes. The stamp
 * is the time (epoch milliseconds, on the partition owner's clock) the entry's TTL was last set,
 * so a load can skip resetting a TTL that was reset moments ago.
 *
 * <p>Why bytes: Hazelcast serializes a {@code byte[]} by copying it, so the entry processors,
 * which run on the partition owner and again on its backup, read the stamp, restamp and answer a
 * load without decoding or encoding a single string; only the caller decodes. It is also the
 * smallest form (a {@code String[]} costs four bytes per string for its length and 13 for a
 * decimal stamp), and members still need no Weft class to hold sessions. The pairs travel to the
 * entry processors in the same encoding (without format bytes and stamp), so a write copies bytes.
 */
public final class StoredState {

    /** The first two bytes of every stored state: {@code 'W'} and the version of this format. */
    private static final byte MAGIC = 'W';
    private static final byte VERSION = 1;
    /** Format bytes and stamp. */
    static final int HEADER = 10;
    private static final int STAMP = 2;

    private static final byte[] NOTHING = new byte[0];

    private StoredState() {
    }

    /** Encodes a state's key, value pairs (what writes carry; the header is added where they run). */
    public static byte[] encode(Map<String, String> state) {
        String[] strings = new String[state.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            strings[i++] = entry.getKey();
            strings[i++] = entry.getValue();
        }
        return encodeStrings(strings);
    }

    /** Encodes keys alone, as a delta's removed keys travel. */
    public static byte[] encodeKeys(Collection<String> keys) {
        return encodeStrings(keys.toArray(new String[0]));
    }

    /** Encodes well-formed text (callers refuse unpaired surrogates first, which UTF-8 cannot hold). */
    private static byte[] encodeStrings(String[] strings) {
        if (strings.length == 0) {
            return NOTHING;
        }
        byte[][] utf8 = new byte[strings.length][];
        long total = 0;
        for (int i = 0; i < strings.length; i++) {
            utf8[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            total += varintSize(utf8[i].length) + utf8[i].length;
        }
        if (total > Integer.MAX_VALUE - HEADER) {
            throw new IllegalArgumentException("a state of " + total + " bytes does not fit one stored value");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (byte[] bytes : utf8) {
            for (int length = bytes.length; ; length >>>= 7) {
                if (length < 0x80) {
                    out[at++] = (byte) length;
                    break;
                }
                out[at++] = (byte) (length | 0x80);
            }
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
        }
        return out;
    }

    private static int varintSize(int length) {
        int size = 1;
        while (length >= 0x80) {
            length >>>= 7;
            size++;
        }
        return size;
    }

    /** The stored form of encoded {@code pairs}, stamped with {@code now}. */
    public static byte[] stamped(byte[] pairs, long now) {
        byte[] stored = new byte[HEADER + pairs.length];
        stored[0] = MAGIC;
        stored[1] = VERSION;
        System.arraycopy(pairs, 0, stored, HEADER, pairs.length);
        writeStamp(stored, now);
        return stored;
    }

    /** A copy of a readable stored state with a new stamp. */
    public static byte[] restamped(byte[] stored, long now) {
        byte[] copy = stored.clone();
        writeStamp(copy, now);
        return copy;
    }

    private static void writeStamp(byte[] stored, long stamp) {
        for (int i = STAMP + 7; i >= STAMP; i--) {
            stored[i] = (byte) stamp;
            stamp >>>= 8;
        }
    }

    /** When the TTL of a readable stored state was last set. */
    public static long stamp(byte[] stored) {
        long stamp = 0;
        for (int i = STAMP; i < STAMP + 8; i++) {
            stamp = stamp << 8 | (stored[i] & 0xff);
        }
        return stamp;
    }

    /** Whether a readable stored state holds exactly the encoded {@code pairs}, in that order. */
    static boolean holds(byte[] stored, byte[] pairs) {
        return Arrays.equals(stored, HEADER, stored.length, pairs, 0, pairs.length);
    }

    /**
     * The pairs of a readable stored state after a delta: pairs whose key is {@code changed} or
     * {@code removed} are dropped, the {@code changed} pairs are appended. Works on the encoded
     * bytes (a string has one encoding), so no string is decoded; one pass over each input.
     *
     * @param changed encoded key, value pairs
     * @param removed encoded keys
     */
    static byte[] merged(byte[] stored, byte[] changed, byte[] removed) {
        Set<ByteBuffer> replaced = new HashSet<>();
        addKeys(replaced, changed, true);
        addKeys(replaced, removed, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length + changed.length);
        int at = HEADER;
        while (at < stored.length) {
            int keyEnd = end(string(stored, at));
            int pairEnd = end(string(stored, keyEnd));
            if (!replaced.contains(ByteBuffer.wrap(stored, at, keyEnd - at))) {
                out.write(stored, at, pairEnd - at);
            }
            at = pairEnd;
        }
        out.write(changed, 0, changed.length);
        return out.toByteArray();
    }

    /** Adds the encoded strings of {@code list} (every other one if {@code pairs}), each as a buffer over its bytes. */
    private static void addKeys(Set<ByteBuffer> keys, byte[] list, boolean pairs) {
        int at = 0;
        while (at < list.length) {
            int keyEnd = end(string(list, at));
            keys.add(ByteBuffer.wrap(list, at, keyEnd - at));
            at = pairs ? end(string(list, keyEnd)) : keyEnd;
        }
    }

    /** The encoded size of a state: the UTF-8 bytes of its keys and values, counted without encoding. */
    public static long size(Map<String, String> state) {
        long size = 0;
        for (Map.Entry<String, String> entry : state.entrySet()) {
            size += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return size;
    }

    /** The UTF-8 length of well-formed text (a surrogate pair is one four-byte character). */
    private static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    /** The encoded size of a state: the UTF-8 bytes of every key and value in {@code encoded}. */
    public static long size(byte[] encoded) {
        long size = 0;
        int at = 0;
        while (at < encoded.length) {
            long string = string(encoded, at);
            size += end(string) - start(string);
            at = end(string);
        }
        return size;
    }

    /**
     * Reads the stored form back.
     *
     * @throws IllegalArgumentException if {@code stored} is not a state this class wrote
     */
    public static Map<String, String> decode(Object stored) {
        if (!isReadable(stored)) {
            throw new IllegalArgumentException("stored session value is "
                    + (stored instanceof byte[] ? "a malformed byte array" : "a " + stored.getClass().getName())
                    + ", not a state written by Weft");
        }
        byte[] bytes = (byte[]) stored;
        Map<String, String> state = new HashMap<>();
        int at = HEADER;
        while (at < bytes.length) {
            long key = string(bytes, at);
            long value = string(bytes, end(key));
            state.put(text(bytes, key), text(bytes, value));
            at = end(value);
        }
        return Collections.unmodifiableMap(state);
    }

    private static String text(byte[] bytes, long string) {
        return new String(bytes, start(string), end(string) - start(string), StandardCharsets.UTF_8);
    }

    /**
     * Whether {@link #decode} would accept {@code stored}: the format bytes, every length in its
     * shortest form and within the array, whole pairs, and well-formed UTF-8. The entry processors
     * ask before they touch a value, so a value not in this form is left as it is.
     */
    public static boolean isReadable(Object stored) {
        if (!isStamped(stored)) {
            return false;
        }
        byte[] bytes = (byte[]) stored;
        int strings = 0;
        for (int at = HEADER; at < bytes.length; strings++) {
            long string = string(bytes, at);
            if (string < 0 || !isUtf8(bytes, start(string), end(string))) {
                return false;
            }
            at = end(string);
        }
        return strings % 2 == 0;
    }

    /**
     * Whether {@code stored} starts like a stored state (format bytes and a stamp), so {@link
     * #stamp} can read it; only {@link #isReadable} says whether the rest is a state.
     */
    static boolean isStamped(Object stored) {
        if (!(stored instanceof byte[])) {
            return false;
        }
        byte[] bytes = (byte[]) stored;
        return bytes.length >= HEADER && bytes[0] == MAGIC && bytes[1] == VERSION;
    }

    /** Whether {@code bytes[from, to)} is well-formed UTF-8; ASCII (the usual case) is one pass over the bytes. */
    private static boolean isUtf8(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, i, to - i));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The string whose length prefix starts at {@code at}: where its bytes start and end, packed
     * into one long ({@link #start}, {@link #end}); -1 if the prefix is not a varint in its
     * shortest form below 2^31 or the bytes run past the end.
     */
    private static long string(byte[] bytes, int at) {
        int length = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (at >= bytes.length) {
                return -1;
            }
            byte next = bytes[at++];
            if (shift == 28 && (next & 0xff) > 0x07 || shift > 0 && next == 0) {
                return -1; // beyond 2^31, or a longer form than needed
            }
            length |= (next & 0x7f) << shift;
            if (next >= 0) {
                return length <= bytes.length - at ? (long) at << 32 | (at + length) : -1;
            }
        }
        return -1;
    }

    private static int start(long string) {
        return (int) (string >>> 32);
    }

    private static int end(long string) {
        return (int) string;
    }

    /**
     * The TTL to hand Hazelcast for a session that must live at least {@code ttl}: Hazelcast
     * keeps expiry times in whole seconds, truncated, so an entry may expire up to one second
     * before its TTL. Rounding the TTL up to whole seconds and adding one second makes a session
     * live at least its (rounded) TTL and at most one second longer.
     */
    public static long hazelcastTtlMillis(Duration ttl) {
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        long padded = Math.min(seconds, Integer.MAX_VALUE - 1L) + 1;
        return padded * 1000;
    }
}
