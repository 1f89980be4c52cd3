package dev.weft.store.hazelcast.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a session sits in the map: one {@code byte[]}, written and read by the entry processors on
 * the partition owner and its backup without decoding a string; only the caller decodes.
 *
 * <h2>Format 2</h2>
 * <pre>
 * [0] 'W'  [1] 2 (format version)  [2] kind: 0 live, 1 purged, 2 renewed
 * [3..10] stamp, epoch ms, big-endian: live: when the TTL was last set; ended: when it ended
 * live:    [11..18] base, epoch ms; then entries
 * purged:  nothing more
 * renewed: [11] 1 if settled; [12..43] the successor's digest (in a recovery's claim, {@link
 *          #claimed}, the old key's); if not settled, [44..51] the
 *          session's TTL in ms and its base and entries as they were before the renewal (kept so that
 *          the session can be reinstated if the renewal stops half-way)
 * entry:   varint key length, key (UTF-8); zigzag varint (modified - base), epoch ms;
 *          varint value tag: 0 for a removed key, else value length + 1; value (UTF-8)
 * </pre>
 * Varints are unsigned LEB128 in their shortest form. Keys starting with {@code '@'} (reserved,
 * see {@link dev.weft.store.ReservedKeys}) come first, so the processors find a session's deadline
 * and idle timeout without reading the rest. Each entry carries when it was last written, and a
 * removed key leaves a marker for as long as the session's TTL, so that two copies of one session
 * (after a split brain) merge key by key, latest write first ({@link #mergedReplicas}).
 *
 * <p>Format 1, written before tombstones and per-key times ({@code 'W', 1}, stamp, then key,
 * value, ... each as varint length and UTF-8), is still read: every processor turns it into
 * format 2 when it writes. Any other value is left as it is.
 */
public final class StoredState {

    static final byte MAGIC = 'W';
    static final byte FORMAT_1 = 1;
    static final byte FORMAT_2 = 2;
    /** A live session. */
    public static final byte LIVE = 0;
    /** A purged session's tombstone. */
    public static final byte PURGED = 1;
    /** A renewed session's tombstone. */
    public static final byte RENEWED = 2;

    private static final int KIND = 2;
    private static final int STAMP = 3;
    /** Format 2 header: magic, version, kind, stamp. */
    static final int HEADER = 11;
    private static final int LIVE_ENTRIES = HEADER + 8;
    private static final int SETTLED = HEADER;
    private static final int SUCCESSOR = HEADER + 1;
    private static final int DIGEST = 32;
    private static final int SETTLED_LENGTH = SUCCESSOR + DIGEST;
    private static final int MOVED_TTL = SETTLED_LENGTH;
    private static final int MOVED_BODY = MOVED_TTL + 8;
    /** Format 1 header: magic, version, stamp. */
    private static final int HEADER_1 = 10;

    private static final byte[] NOTHING = new byte[0];
    private static final byte[] DEADLINE = "@deadline".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IDLE = "@idle".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRINCIPAL = "@principal".getBytes(StandardCharsets.US_ASCII);

    private StoredState() {
    }

    // ---- what writes carry: pairs and keys without times ----

    /** Encodes a state's key, value pairs, reserved keys first, as writes carry them. */
    public static byte[] encode(Map<String, String> state) {
        String[] strings = new String[state.size() * 2];
        int i = 0;
        for (boolean reserved : new boolean[] {true, false}) {
            for (Map.Entry<String, String> entry : state.entrySet()) {
                if (isReserved(entry.getKey()) == reserved) {
                    strings[i++] = entry.getKey();
                    strings[i++] = entry.getValue();
                }
            }
        }
        return encodeStrings(strings);
    }

    /** Encodes keys alone, as a delta's removed keys travel. */
    public static byte[] encodeKeys(Collection<String> keys) {
        return encodeStrings(keys.toArray(new String[0]));
    }

    private static boolean isReserved(String key) {
        return !key.isEmpty() && key.charAt(0) == '@';
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
        if (total > Integer.MAX_VALUE - LIVE_ENTRIES) {
            throw new IllegalArgumentException("a state of " + total + " bytes does not fit one stored value");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (byte[] bytes : utf8) {
            at = writeVarint(out, at, bytes.length);
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
        }
        return out;
    }

    // ---- building stored values ----

    /** A live session holding the encoded {@code pairs}, each written at {@code now}. */
    public static byte[] live(byte[] pairs, long now) {
        Writer out = new Writer(LIVE_ENTRIES + pairs.length + pairs.length / 4 + 8);
        out.header(LIVE, now);
        out.long8(now);
        Pairs list = new Pairs(pairs, true);
        while (list.next()) {
            out.entry(pairs, list.keyStart, list.keyEnd, 0, pairs, list.valueStart, list.valueEnd);
        }
        return out.bytes();
    }

    /** A copy of a live session (format 2, or format 1 turned into 2) with a new stamp. */
    public static byte[] restamped(byte[] stored, long now) {
        if (stored[1] == FORMAT_1) {
            return live(Arrays.copyOfRange(stored, HEADER_1, stored.length), now);
        }
        byte[] copy = stored.clone();
        writeLong(copy, STAMP, now);
        return copy;
    }

    /** A purged session's tombstone. */
    public static byte[] purged(long now) {
        Writer out = new Writer(HEADER);
        out.header(PURGED, now);
        return out.bytes();
    }

    /**
     * A renewed session's tombstone, not yet settled: it keeps the session as it was ({@code body},
     * what {@link #liveBody} returns, and its TTL) until the successor is stored.
     */
    public static byte[] retired(byte[] successor, byte[] body, long ttlMillis, long now) {
        Writer out = new Writer(MOVED_BODY + body.length);
        out.header(RENEWED, now);
        out.write(0);
        out.write(successor, 0, DIGEST);
        out.long8(ttlMillis);
        out.write(body, 0, body.length);
        return out.bytes();
    }

    /**
     * What the recovery of a stalled renewal leaves at the renewal's new key when the renewal had
     * not stored it there: a settled renewed tombstone that names the old key ({@code predecessor}),
     * so that the stalled renewal can no longer store its session there and another recovery of the
     * same renewal knows it was claimed. Nobody loads it: only the stalled renewal knew the key.
     */
    public static byte[] claimed(byte[] predecessor, long now) {
        return settled(retired(predecessor, new byte[0], 0, now));
    }

    /** The settled form of a renewed session's tombstone: the kept session is dropped. */
    public static byte[] settled(byte[] tombstone) {
        byte[] settled = Arrays.copyOf(tombstone, SETTLED_LENGTH);
        settled[SETTLED] = 1;
        return settled;
    }

    /** The TTL an unsettled renewed tombstone keeps for the session it keeps. */
    static long movedTtlMillis(byte[] tombstone) {
        return readLong(tombstone, MOVED_TTL);
    }

    /** The live session an unsettled renewed tombstone keeps, restamped: the renewal is undone. */
    public static byte[] reinstated(byte[] tombstone, long now) {
        Writer out = new Writer(HEADER + tombstone.length - MOVED_BODY);
        out.header(LIVE, now);
        out.write(tombstone, MOVED_BODY, tombstone.length - MOVED_BODY);
        return out.bytes();
    }

    /**
     * What a live session moves as when renewed: its base and entries (format 2), without header.
     * {@link #moved} stores it under the new key.
     */
    public static byte[] liveBody(byte[] live) {
        byte[] two = live[1] == FORMAT_1 ? restamped(live, stamp(live)) : live;
        return Arrays.copyOfRange(two, HEADER, two.length);
    }

    /** A live session made of a moved {@code body}, stamped {@code now}. */
    public static byte[] moved(byte[] body, long now) {
        Writer out = new Writer(HEADER + body.length);
        out.header(LIVE, now);
        out.write(body, 0, body.length);
        return out.bytes();
    }

    // ---- reading ----

    /** The kind of a {@linkplain #isReadable readable} value: {@link #LIVE}, {@link #PURGED} or {@link #RENEWED}. */
    public static byte kind(byte[] stored) {
        return stored[1] == FORMAT_1 ? LIVE : stored[KIND];
    }

    /** When a readable value's TTL was last set (live) or when it ended (tombstone). */
    public static long stamp(byte[] stored) {
        return readLong(stored, stored[1] == FORMAT_1 ? 2 : STAMP);
    }

    /** Whether a renewed session's tombstone is settled (its successor was stored). */
    public static boolean isSettled(byte[] tombstone) {
        return tombstone[SETTLED] == 1;
    }

    /** The body (base and entries) an unsettled renewed tombstone keeps of the session as it was. */
    static byte[] movedBody(byte[] tombstone) {
        return Arrays.copyOfRange(tombstone, MOVED_BODY, tombstone.length);
    }

    /** The digest of a renewed session's successor. */
    public static byte[] successor(byte[] tombstone) {
        return Arrays.copyOfRange(tombstone, SUCCESSOR, SUCCESSOR + DIGEST);
    }

    /** Whether a renewed tombstone names {@code successor}. */
    static boolean hasSuccessor(byte[] tombstone, byte[] successor) {
        return Arrays.equals(tombstone, SUCCESSOR, SUCCESSOR + DIGEST, successor, 0, DIGEST);
    }

    /**
     * A live session's deadline ({@code @deadline}), or {@code Long.MAX_VALUE} if it has none. Reads
     * only the reserved entries, which come first.
     */
    public static long deadline(byte[] live) {
        long deadline = reservedMillis(live, DEADLINE);
        return deadline < 0 ? Long.MAX_VALUE : deadline;
    }

    /** A live session's own idle timeout in milliseconds ({@code @idle}), or 0 if it has none. */
    public static long idleMillis(byte[] live) {
        return Math.max(0, reservedMillis(live, IDLE));
    }

    private static long reservedMillis(byte[] live, byte[] key) {
        long value = reservedEntry(live, key);
        return value < 0 ? -1 : decimal(live, (int) (value >>> 32), (int) value);
    }

    /** Where a reserved entry's value lies in a format-2 live value (start, end packed as a string), or -1. */
    private static long reservedEntry(byte[] live, byte[] key) {
        if (live[1] == FORMAT_1) {
            return -1;
        }
        Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
        while (entries.next() && entries.keyEnd > entries.keyStart && live[entries.keyStart] == '@') {
            if (entries.valueStart >= 0
                    && Arrays.equals(live, entries.keyStart, entries.keyEnd, key, 0, key.length)) {
                return (long) entries.valueStart << 32 | entries.valueEnd;
            }
        }
        return -1;
    }

    /**
     * The principal a live session's stored value names ({@code @principal}), or null: for a
     * value that is not a live session of format 2, a session without one, or a malformed value.
     */
    public static String principal(Object stored) {
        if (!isStamped(stored) || ((byte[]) stored)[1] != FORMAT_2 || ((byte[]) stored)[KIND] != LIVE) {
            return null;
        }
        byte[] live = (byte[]) stored;
        if (live.length < LIVE_ENTRIES) {
            return null;
        }
        long value = reservedEntry(live, PRINCIPAL);
        if (value < 0 || !isUtf8(live, (int) (value >>> 32), (int) value)) {
            return null;
        }
        return text(live, (int) (value >>> 32), (int) value);
    }

    private static long decimal(byte[] bytes, int from, int to) {
        if (to == from || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    /**
     * The live state a readable value holds: its keys and values, without removal markers.
     *
     * @throws IllegalArgumentException if {@code stored} is not a live session this class wrote
     */
    public static Map<String, String> decode(Object stored) {
        if (!isReadable(stored) || kind((byte[]) stored) != LIVE) {
            throw new IllegalArgumentException("stored session value is "
                    + (stored instanceof byte[] ? "not a live session in a format Weft reads"
                            : "a " + stored.getClass().getName() + ", not a state written by Weft"));
        }
        byte[] bytes = (byte[]) stored;
        Map<String, String> state = new HashMap<>();
        if (bytes[1] == FORMAT_1) {
            Pairs pairs = new Pairs(bytes, HEADER_1, bytes.length, true);
            while (pairs.next()) {
                state.put(text(bytes, pairs.keyStart, pairs.keyEnd), text(bytes, pairs.valueStart, pairs.valueEnd));
            }
        } else {
            Entries entries = new Entries(bytes, LIVE_ENTRIES, bytes.length);
            while (entries.next()) {
                if (entries.valueStart >= 0) {
                    state.put(text(bytes, entries.keyStart, entries.keyEnd),
                            text(bytes, entries.valueStart, entries.valueEnd));
                }
            }
        }
        return Collections.unmodifiableMap(state);
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code stored} is a value this class wrote, whole: known format and kind, every
     * length in its shortest form and within the array, whole entries, and well-formed UTF-8.
     * The processors ask before they change a value, so a value in another form is left as it is.
     */
    public static boolean isReadable(Object stored) {
        if (!isStamped(stored)) {
            return false;
        }
        byte[] bytes = (byte[]) stored;
        if (bytes[1] == FORMAT_1) {
            Pairs pairs = new Pairs(bytes, HEADER_1, bytes.length, true);
            while (pairs.next()) {
                if (!isUtf8(bytes, pairs.keyStart, pairs.keyEnd) || !isUtf8(bytes, pairs.valueStart, pairs.valueEnd)) {
                    return false;
                }
            }
            return pairs.whole();
        }
        return switch (bytes[KIND]) {
            case LIVE -> bytes.length >= LIVE_ENTRIES && entriesReadable(bytes, LIVE_ENTRIES);
            case PURGED -> bytes.length == HEADER;
            case RENEWED -> bytes.length >= SETTLED_LENGTH && (bytes[SETTLED] == 1 ? bytes.length == SETTLED_LENGTH
                    : bytes[SETTLED] == 0 && bytes.length >= MOVED_BODY + 8 && entriesReadable(bytes, MOVED_BODY + 8));
            default -> false;
        };
    }

    private static boolean entriesReadable(byte[] bytes, int from) {
        Entries entries = new Entries(bytes, from, bytes.length);
        while (entries.next()) {
            if (!isUtf8(bytes, entries.keyStart, entries.keyEnd)
                    || entries.valueStart >= 0 && !isUtf8(bytes, entries.valueStart, entries.valueEnd)) {
                return false;
            }
        }
        return entries.whole();
    }

    /**
     * Whether {@code stored} starts like a value this class wrote (format bytes, and a stamp), so
     * {@link #kind} and {@link #stamp} can read it; only {@link #isReadable} says whether the
     * rest is whole.
     */
    public static boolean isStamped(Object stored) {
        if (!(stored instanceof byte[] bytes) || bytes.length < HEADER_1 || bytes[0] != MAGIC) {
            return false;
        }
        return bytes[1] == FORMAT_1 || bytes[1] == FORMAT_2 && bytes.length >= HEADER;
    }

    /** Whether a live value holds exactly the encoded {@code pairs}, in that order, whatever their times. */
    static boolean holds(byte[] live, byte[] pairs) {
        if (live[1] == FORMAT_1) {
            return Arrays.equals(live, HEADER_1, live.length, pairs, 0, pairs.length);
        }
        Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
        Pairs expected = new Pairs(pairs, true);
        while (entries.next()) {
            if (!expected.next() || entries.valueStart < 0
                    || !Arrays.equals(live, entries.keyStart, entries.keyEnd, pairs, expected.keyStart, expected.keyEnd)
                    || !Arrays.equals(live, entries.valueStart, entries.valueEnd,
                            pairs, expected.valueStart, expected.valueEnd)) {
                return false;
            }
        }
        return !expected.next();
    }

    /** What the limits count of a live value: its stored bytes and its application keys. */
    public record Size(long bytes, int entries) {
    }

    // ---- changing a live session ----

    /**
     * A live session after a delta written at {@code now}: entries whose key is {@code changed}
     * or {@code removed} are replaced (a removed key by a marker), the rest stay with their times;
     * markers older than {@code retainMarkersMillis} are dropped. Reserved keys stay first. One
     * pass over each input; no string is decoded. The result's stamp is {@code now}.
     *
     * @param changed encoded key, value pairs
     * @param removed encoded keys
     */
    public static byte[] merged(byte[] stored, byte[] changed, byte[] removed, long now, long retainMarkersMillis) {
        byte[] live = stored[1] == FORMAT_1 ? restamped(stored, stamp(stored)) : stored;
        long base = readLong(live, HEADER);
        Set<ByteBuffer> replaced = new HashSet<>();
        addKeys(replaced, changed, true);
        addKeys(replaced, removed, false);
        Writer out = new Writer(live.length + changed.length + removed.length + 16);
        out.header(LIVE, now);
        out.long8(base);
        for (boolean reserved : new boolean[] {true, false}) {
            Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
            while (entries.next()) {
                boolean isReserved = entries.keyEnd > entries.keyStart && live[entries.keyStart] == '@';
                if (isReserved != reserved || replaced.contains(ByteBuffer.wrap(live, entries.keyStart,
                        entries.keyEnd - entries.keyStart))) {
                    continue;
                }
                long modified = base + entries.offset;
                if (entries.valueStart < 0 && now - modified > retainMarkersMillis) {
                    continue; // an old removal marker
                }
                out.entry(live, entries.keyStart, entries.keyEnd, entries.offset, live, entries.valueStart,
                        entries.valueEnd);
            }
            Pairs pairs = new Pairs(changed, true);
            while (pairs.next()) {
                if ((pairs.keyEnd > pairs.keyStart && changed[pairs.keyStart] == '@') == reserved) {
                    out.entry(changed, pairs.keyStart, pairs.keyEnd, now - base, changed, pairs.valueStart,
                            pairs.valueEnd);
                }
            }
            Pairs keys = new Pairs(removed, false);
            while (keys.next()) {
                if ((keys.keyEnd > keys.keyStart && removed[keys.keyStart] == '@') == reserved) {
                    out.entry(removed, keys.keyStart, keys.keyEnd, now - base, null, -1, -1);
                }
            }
        }
        return out.bytes();
    }

    /**
     * The keys of a live value, encoded as {@link #encodeKeys} does, that {@code pairs} does not
     * set: what a whole replacement removes.
     */
    static byte[] keysNotIn(byte[] stored, byte[] pairs) {
        byte[] live = liveForm(stored);
        Set<ByteBuffer> kept = new HashSet<>();
        addKeys(kept, pairs, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
        while (entries.next()) {
            if (entries.valueStart >= 0
                    && !kept.contains(ByteBuffer.wrap(live, entries.keyStart, entries.keyEnd - entries.keyStart))) {
                int length = entries.keyEnd - entries.keyStart;
                byte[] prefix = new byte[varintSize(length)];
                writeVarint(prefix, 0, length);
                out.write(prefix, 0, prefix.length);
                out.write(live, entries.keyStart, length);
            }
        }
        return out.toByteArray();
    }

    /** Adds the encoded strings of {@code list} (every other one if {@code pairs}), each as a buffer over its bytes. */
    private static void addKeys(Set<ByteBuffer> keys, byte[] list, boolean pairs) {
        Pairs strings = new Pairs(list, pairs);
        while (strings.next()) {
            keys.add(ByteBuffer.wrap(list, strings.keyStart, strings.keyEnd - strings.keyStart));
        }
    }

    /**
     * What the limits count of a live value: its encoded size, and the number of live keys the
     * application holds (reserved keys and removal markers not counted).
     */
    public static Size size(byte[] live) {
        int count = 0;
        Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
        while (entries.next()) {
            if (entries.valueStart >= 0 && !(entries.keyEnd > entries.keyStart && live[entries.keyStart] == '@')) {
                count++;
            }
        }
        return new Size(live.length, count);
    }

    /**
     * The key of {@code changed} whose write made a live value cross a limit: walking the value's
     * entries in order, counting its size and live keys, the last changed key seen where the count
     * first goes over {@code maxBytes} or {@code maxEntries} (or the first changed key after it).
     *
     * @param changed the encoded pairs that were written
     * @return the key, or null if the value is within both limits
     */
    public static String crossingKey(byte[] live, byte[] changed, long maxBytes, int maxEntries) {
        Size size = size(live);
        if (size.bytes() <= maxBytes && size.entries() <= maxEntries) {
            return null;
        }
        Set<ByteBuffer> written = new HashSet<>();
        addKeys(written, changed, true);
        Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
        String lastWritten = null;
        boolean crossed = false;
        int count = 0;
        while (entries.next()) {
            boolean isWritten = written.contains(ByteBuffer.wrap(live, entries.keyStart, entries.keyEnd - entries.keyStart));
            if (isWritten) {
                lastWritten = text(live, entries.keyStart, entries.keyEnd);
                if (crossed) {
                    return lastWritten;
                }
            }
            if (entries.valueStart >= 0 && !(entries.keyEnd > entries.keyStart && live[entries.keyStart] == '@')) {
                count++;
            }
            crossed |= entries.end > maxBytes || count > maxEntries;
            if (crossed && lastWritten != null) {
                return lastWritten;
            }
        }
        return lastWritten;
    }

    // ---- split brain ----

    /**
     * One value out of two copies of a session that diverged during a split brain, so that
     * neither a purge nor a renewal is undone and no acknowledged write to a key is lost: an ended
     * session's tombstone wins over a live copy; two live copies merge key by key, the later write
     * (or removal) of each key winning, with the merging copy's stamp (Hazelcast keeps the merging
     * entry's expiry); of two tombstones the earlier stays.
     * Values that are not readable are not merged: the existing one stays.
     *
     * @return the merged value, or {@code existing} itself where nothing needs to change
     */
    public static Object mergedReplicas(Object merging, Object existing) {
        if (existing == null) {
            return merging;
        }
        if (merging == null || !isReadable(merging) || !isReadable(existing)) {
            return existing;
        }
        byte[] a = (byte[]) merging;
        byte[] b = (byte[]) existing;
        boolean aLive = kind(a) == LIVE;
        boolean bLive = kind(b) == LIVE;
        if (!aLive && !bLive) {
            return stamp(a) < stamp(b) ? a : b;
        }
        if (!aLive || !bLive) {
            return aLive ? b : a;
        }
        return mergedLive(liveForm(a), liveForm(b));
    }

    private static byte[] liveForm(byte[] live) {
        return live[1] == FORMAT_1 ? restamped(live, stamp(live)) : live;
    }

    /** Two live copies merged key by key; {@code a} is the merging copy, whose stamp the result keeps. */
    private static byte[] mergedLive(byte[] a, byte[] b) {
        long baseA = readLong(a, HEADER);
        long baseB = readLong(b, HEADER);
        long base = Math.min(baseA, baseB);
        Map<ByteBuffer, long[]> latest = new HashMap<>(); // key -> {modified, source (0 a, 1 b), keyStart}
        List<ByteBuffer> order = new ArrayList<>();
        collect(a, baseA, 0, latest, order);
        collect(b, baseB, 1, latest, order);
        Writer out = new Writer(a.length + b.length);
        out.header(LIVE, stamp(a));
        out.long8(base);
        for (boolean reserved : new boolean[] {true, false}) {
            for (ByteBuffer key : order) {
                boolean isReserved = key.remaining() > 0 && key.get(key.position()) == '@';
                long[] winner = latest.get(key);
                if (isReserved != reserved || winner == null) {
                    continue;
                }
                latest.remove(key);
                byte[] source = winner[1] == 0 ? a : b;
                Entries entry = new Entries(source, (int) winner[2], source.length);
                entry.next();
                out.entry(source, entry.keyStart, entry.keyEnd, winner[0] - base, source, entry.valueStart,
                        entry.valueEnd);
            }
        }
        return out.bytes();
    }

    private static void collect(byte[] live, long base, int source, Map<ByteBuffer, long[]> latest,
            List<ByteBuffer> order) {
        Entries entries = new Entries(live, LIVE_ENTRIES, live.length);
        int start = LIVE_ENTRIES;
        while (entries.next()) {
            ByteBuffer key = ByteBuffer.wrap(live, entries.keyStart, entries.keyEnd - entries.keyStart);
            long modified = base + entries.offset;
            long[] seen = latest.get(key);
            if (seen == null) {
                order.add(key);
            }
            if (seen == null || modified > seen[0]) {
                latest.put(key, new long[] {modified, source, start});
            }
            start = entries.end;
        }
    }

    // ---- TTLs ----

    /**
     * The TTL to hand Hazelcast for a session that must live at least {@code ttl}: Hazelcast
     * keeps expiry times in whole seconds, truncated, so an entry may expire up to one second
     * before its TTL. Rounding the TTL up to whole seconds and adding one second makes a session
     * live at least its (rounded) TTL and at most one second longer.
     */
    public static long hazelcastTtlMillis(Duration ttl) {
        return hazelcastTtlMillis(ttl.getSeconds() * 1000 + (ttl.getNano() + 999_999) / 1_000_000);
    }

    /** As {@link #hazelcastTtlMillis(Duration)}, for a TTL in milliseconds. */
    static long hazelcastTtlMillis(long ttlMillis) {
        long seconds = (ttlMillis + 999) / 1000;
        return (seconds + 1) * 1000;
    }

    /**
     * The Hazelcast TTL for a write at {@code now} of a live value: its own idle timeout if it has
     * one, else {@code ttlMillis}, padded as {@link #hazelcastTtlMillis(Duration)} says, but never
     * past its deadline (there Hazelcast may end it up to a second early, never late).
     *
     * @return the TTL in milliseconds, at least 1; 0 if the deadline has passed
     */
    static long effectiveTtlMillis(byte[] live, long ttlMillis, long now) {
        long idle = idleMillis(live);
        long padded = hazelcastTtlMillis(idle > 0 ? idle : ttlMillis);
        long deadline = deadline(live);
        if (deadline == Long.MAX_VALUE) {
            return padded;
        }
        long left = deadline - now;
        return left <= 0 ? 0 : Math.min(padded, left);
    }

    // ---- bytes ----

    /** Walks key, value pairs (or keys alone) as writes carry them: varint length, UTF-8, ... */
    private static final class Pairs {
        private final byte[] bytes;
        private final boolean pairs;
        private final int to;
        private int at;
        int keyStart;
        int keyEnd;
        int valueStart;
        int valueEnd;
        private boolean broken;

        Pairs(byte[] bytes, boolean pairs) {
            this(bytes, 0, bytes.length, pairs);
        }

        Pairs(byte[] bytes, int from, int to, boolean pairs) {
            this.bytes = bytes;
            this.at = from;
            this.to = to;
            this.pairs = pairs;
        }

        boolean next() {
            if (at >= to || broken) {
                return false;
            }
            long key = string(bytes, at, to);
            if (key < 0) {
                broken = true;
                return false;
            }
            keyStart = start(key);
            keyEnd = end(key);
            at = keyEnd;
            if (pairs) {
                long value = string(bytes, at, to);
                if (value < 0) {
                    broken = true;
                    return false;
                }
                valueStart = start(value);
                valueEnd = end(value);
                at = valueEnd;
            }
            return true;
        }

        /** Whether the walk reached the end exactly. */
        boolean whole() {
            return !broken && at == to;
        }
    }

    /** Walks format-2 entries: key, time offset, value tag and value. */
    private static final class Entries {
        private final byte[] bytes;
        private final int to;
        private int at;
        int keyStart;
        int keyEnd;
        long offset;
        /** -1 for a removal marker. */
        int valueStart;
        int valueEnd;
        /** Where the current entry ends. */
        int end;
        private boolean broken;

        Entries(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.at = from;
            this.to = to;
        }

        boolean next() {
            if (at >= to || broken) {
                return false;
            }
            long key = string(bytes, at, to);
            if (key < 0) {
                return fail();
            }
            keyStart = start(key);
            keyEnd = end(key);
            at = keyEnd;
            long zigzag = 0;
            int shift = 0;
            while (true) {
                if (at >= to || shift > 63) {
                    return fail();
                }
                byte b = bytes[at++];
                if (shift > 0 && b == 0) {
                    return fail(); // not the shortest form
                }
                zigzag |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
            }
            offset = (zigzag >>> 1) ^ -(zigzag & 1);
            long tag = varint(bytes, at, to);
            if (tag < 0) {
                return fail();
            }
            at = (int) (tag >>> 32);
            int valueTag = (int) tag;
            if (valueTag == 0) {
                valueStart = -1;
                valueEnd = -1;
            } else {
                int length = valueTag - 1;
                if (length > to - at) {
                    return fail();
                }
                valueStart = at;
                valueEnd = at + length;
                at = valueEnd;
            }
            end = at;
            return true;
        }

        private boolean fail() {
            broken = true;
            return false;
        }

        boolean whole() {
            return !broken && at == to;
        }
    }

    /** A growing output: entries are written with their time offset relative to the value's base. */
    private static final class Writer extends ByteArrayOutputStream {
        Writer(int size) {
            super(size);
        }

        void header(byte kind, long stamp) {
            write(MAGIC);
            write(FORMAT_2);
            write(kind);
            long8(stamp);
        }

        void long8(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (value >>> shift));
            }
        }

        void varint(long value) {
            while ((value & ~0x7fL) != 0) {
                write((int) ((value & 0x7f) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        /** An entry; {@code valueStart} -1 writes a removal marker. */
        void entry(byte[] keys, int keyStart, int keyEnd, long offset, byte[] values, int valueStart, int valueEnd) {
            varint(keyEnd - keyStart);
            write(keys, keyStart, keyEnd - keyStart);
            varint((offset << 1) ^ (offset >> 63));
            if (valueStart < 0) {
                write(0);
            } else {
                varint((long) valueEnd - valueStart + 1);
                write(values, valueStart, valueEnd - valueStart);
            }
        }

        byte[] bytes() {
            return buf.length == count ? buf : toByteArray();
        }
    }

    private static int writeVarint(byte[] out, int at, int value) {
        while (value >= 0x80) {
            out[at++] = (byte) (value | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static int varintSize(int length) {
        int size = 1;
        while (length >= 0x80) {
            length >>>= 7;
            size++;
        }
        return size;
    }

    private static void writeLong(byte[] bytes, int at, long value) {
        for (int i = at + 7; i >= at; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long readLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = at; i < at + 8; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }

    /**
     * An unsigned varint below 2^31 in its shortest form at {@code at}: where it ends (high 32
     * bits) and its value (low 32 bits); -1 if there is none.
     */
    private static long varint(byte[] bytes, int at, int to) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (at >= to) {
                return -1;
            }
            byte next = bytes[at++];
            if (shift == 28 && (next & 0xff) > 0x07 || shift > 0 && next == 0) {
                return -1; // beyond 2^31, or a longer form than needed
            }
            value |= (next & 0x7f) << shift;
            if (next >= 0) {
                return (long) at << 32 | (value & 0xffffffffL);
            }
        }
        return -1;
    }

    /**
     * The string whose length prefix starts at {@code at}: where its bytes start and end, packed
     * into one long ({@link #start}, {@link #end}); -1 if the prefix is not a varint in its
     * shortest form below 2^31 or the bytes run past {@code to}.
     */
    private static long string(byte[] bytes, int at, int to) {
        long prefix = varint(bytes, at, to);
        if (prefix < 0) {
            return -1;
        }
        int from = (int) (prefix >>> 32);
        int length = (int) prefix;
        return length <= to - from ? (long) from << 32 | (from + length) : -1;
    }

    private static int start(long string) {
        return (int) (string >>> 32);
    }

    private static int end(long string) {
        return (int) string;
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
}
