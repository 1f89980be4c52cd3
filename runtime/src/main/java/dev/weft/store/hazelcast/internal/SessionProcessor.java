package dev.weft.store.hazelcast.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Base of the entry processors that make each store operation one atomic step on the key's
 * partition. Each carries {@code now}, the time of the caller's clock when the operation was
 * prepared: the owner and its backup replica run the same processor on the same stored value with
 * the same {@code now}, so the backup writes exactly the owner's bytes. A processor that wrote
 * nothing sends no backup at all. Every write goes through {@link #write}, which passes a TTL: a
 * plain {@code setValue} would reset the entry to the map's default TTL (never expire).
 *
 * <p>Results: {@link #APPLIED}, {@link #ABSENT}, {@link #ENDED}, {@link #UNREADABLE} (as {@code
 * Long}), a {@code String[]} {key, bytes, keys} when a limit refused a write, or what a processor
 * documents.
 */
public abstract class SessionProcessor implements EntryProcessor<byte[], Object, Object>, IdentifiedDataSerializable {

    /** The write was made. */
    public static final Long APPLIED = 0L;
    /** No live session has the key (never stored, expired, or past its deadline). */
    public static final Long ABSENT = -1L;
    /** The stored value is not one Weft reads; it was left as it is. */
    public static final Long UNREADABLE = -2L;
    /** The session was purged or renewed (its tombstone is there): the write was refused. */
    public static final Long ENDED = -3L;

    long now;
    long ttlMillis;
    /** Whether {@link #process} wrote the entry on this replica; only then has the backup work to do. */
    private transient boolean wrote;

    SessionProcessor() {
    }

    SessionProcessor(long now, long ttlMillis) {
        this.now = now;
        this.ttlMillis = ttlMillis;
    }

    /** Stores {@code value} for {@code hazelcastTtlMillis} (already padded; at least 1). */
    final void write(Map.Entry<byte[], Object> entry, byte[] value, long hazelcastTtlMillis) {
        @SuppressWarnings("unchecked")
        ExtendedMapEntry<byte[], Object> extended = (ExtendedMapEntry<byte[], Object>) entry;
        extended.setValue(value, hazelcastTtlMillis, TimeUnit.MILLISECONDS);
        wrote = true;
    }

    /**
     * Stores a live value with its TTL: its own idle timeout or this processor's, never past its
     * deadline. Returns false, writing nothing, if the deadline has passed.
     */
    final boolean writeLive(Map.Entry<byte[], Object> entry, byte[] live) {
        return writeLive(entry, live, ttlMillis);
    }

    /** As {@link #writeLive(Map.Entry, byte[])}, with {@code sessionTtlMillis} instead of this processor's TTL. */
    final boolean writeLive(Map.Entry<byte[], Object> entry, byte[] live, long sessionTtlMillis) {
        long ttl = StoredState.effectiveTtlMillis(live, sessionTtlMillis, now);
        if (ttl <= 0) {
            return false;
        }
        write(entry, live, ttl);
        return true;
    }

    /** Whether {@code current} is a readable live session whose deadline has not passed. */
    final boolean isLive(Object current) {
        return StoredState.isReadable(current) && StoredState.kind((byte[]) current) == StoredState.LIVE
                && StoredState.deadline((byte[]) current) > now;
    }

    /**
     * What a write finds where it expected a live session: {@link #ABSENT} for nothing (or a
     * session past its deadline), {@link #ENDED} for a tombstone, {@link #UNREADABLE} for a value
     * Weft does not read.
     */
    static Long notLive(Object current) {
        if (current == null) {
            return ABSENT;
        }
        if (!StoredState.isReadable(current)) {
            return UNREADABLE;
        }
        return StoredState.kind((byte[]) current) == StoredState.LIVE ? ABSENT : ENDED;
    }

    /**
     * Hazelcast asks for the backup processor after {@code process} ran on the partition owner and
     * sends a backup operation whenever there is one: a processor that wrote nothing (a skipped TTL
     * reset, a taken key, a gone session) therefore asks for none.
     */
    @Override
    public final EntryProcessor<byte[], Object, Object> getBackupProcessor() {
        return wrote ? backup() : null;
    }

    /** What the backup replica runs after this processor wrote on the owner. */
    EntryProcessor<byte[], Object, Object> backup() {
        return this;
    }

    @Override
    public final int getFactoryId() {
        return WeftDataSerializerHook.FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(now);
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        now = in.readLong();
        ttlMillis = in.readLong();
    }

    /** The result of a write a limit refused: {key whose write crossed it, bytes, keys}. */
    static String[] refusal(byte[] live, byte[] changed, long maxBytes, int maxEntries) {
        String key = StoredState.crossingKey(live, changed, maxBytes, maxEntries);
        if (key == null) {
            return null;
        }
        StoredState.Size size = StoredState.size(live);
        return new String[] {key, Long.toString(size.bytes()), Integer.toString(size.entries())};
    }

    /**
     * Stores a new session's value if the key is free. A key that already holds exactly this value
     * counts as free: that is this same save made again (the blocking view repeats a call whose
     * wait was interrupted), not another session. Returns {@link #APPLIED}, or {@code false}
     * when the key is taken.
     */
    public static final class PutNew extends SessionProcessor {
        private byte[] value;

        public PutNew() {
        }

        /**
         * @param value the whole stored value ({@link StoredState#live} or {@link StoredState#moved})
         */
        public PutNew(byte[] value, long now, long ttlMillis) {
            super(now, ttlMillis);
            this.value = value;
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            if (current != null && !(current instanceof byte[] bytes && Arrays.equals(bytes, value))) {
                return Boolean.FALSE;
            }
            return writeLive(entry, value) ? APPLIED : ABSENT;
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.PUT_NEW;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeByteArray(value);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            value = in.readByteArray();
        }
    }

    /**
     * Changes a live session: sets the {@code changed} pairs and removes the {@code removed} keys
     * (leaving markers), or, for a whole replacement, removes every other key; resets the TTL, if
     * the result fits the limits. Returns {@link #APPLIED}, a limit's refusal, or what {@link
     * #notLive} says.
     */
    public static final class ApplyDelta extends SessionProcessor {
        private byte[] changed;
        private byte[] removed;
        private boolean replace;
        private long maxBytes;
        private int maxEntries;

        public ApplyDelta() {
        }

        /**
         * @param changed the encoded pairs to set ({@link StoredState#encode})
         * @param removed the encoded keys to remove ({@link StoredState#encodeKeys})
         * @param replace whether every stored key not in {@code changed} is removed (a whole update)
         */
        public ApplyDelta(byte[] changed, byte[] removed, boolean replace, long maxBytes, int maxEntries, long now,
                long ttlMillis) {
            super(now, ttlMillis);
            this.changed = changed;
            this.removed = removed;
            this.replace = replace;
            this.maxBytes = maxBytes;
            this.maxEntries = maxEntries;
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            if (!isLive(current)) {
                return notLive(current);
            }
            byte[] stored = (byte[]) current;
            byte[] removing = replace ? StoredState.keysNotIn(stored, changed) : removed;
            byte[] merged = StoredState.merged(stored, changed, removing, now,
                    StoredState.effectiveTtlMillis(stored, ttlMillis, now));
            String[] refused = refusal(merged, changed, maxBytes, maxEntries);
            if (refused != null) {
                return refused;
            }
            return writeLive(entry, merged) ? APPLIED : ABSENT;
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.APPLY_DELTA;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeByteArray(changed);
            out.writeByteArray(removed);
            out.writeBoolean(replace);
            out.writeLong(maxBytes);
            out.writeInt(maxEntries);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            changed = in.readByteArray();
            removed = in.readByteArray();
            replace = in.readBoolean();
            maxBytes = in.readLong();
            maxEntries = in.readInt();
        }
    }

    /** Resets a live session's TTL; does nothing for anything else. Returns {@link #APPLIED} or why not. */
    public static final class ResetTtl extends SessionProcessor {
        public ResetTtl() {
        }

        public ResetTtl(long now, long ttlMillis) {
            super(now, ttlMillis);
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            if (!isLive(current)) {
                return notLive(current);
            }
            return writeLive(entry, StoredState.restamped((byte[]) current, now)) ? APPLIED : ABSENT;
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.RESET_TTL;
        }
    }

    /**
     * Returns the stored value as it is and, for a live session, resets its TTL in the same
     * operation, unless the TTL was set less than {@code window} (a fraction of the session's
     * idle TTL) ago: then the entry is not written at all (no backup traffic), and the session may
     * end up to that much earlier than exact sliding expiry would end it. Anything else is
     * returned untouched; the caller decodes it.
     */
    public static final class LoadAndResetTtl extends SessionProcessor {
        private double window;

        public LoadAndResetTtl() {
        }

        public LoadAndResetTtl(double window, long now, long ttlMillis) {
            super(now, ttlMillis);
            this.window = window;
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            // The stamp first: a load within the window (most loads) writes nothing, so it need
            // not check the whole value; the caller checks it as it decodes.
            if (StoredState.isStamped(current) && StoredState.kind((byte[]) current) == StoredState.LIVE) {
                byte[] stored = (byte[]) current;
                long idle = StoredState.idleMillis(stored);
                long windowMillis = (long) ((idle > 0 ? idle : ttlMillis) * window);
                if (now - StoredState.stamp(stored) >= windowMillis && isLive(stored)) {
                    writeLive(entry, StoredState.restamped(stored, now));
                }
            }
            return current;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeDouble(window);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            window = in.readDouble();
        }

        /** The owner reset the TTL, so the backup must too, whatever the window says there. */
        @Override
        LoadAndResetTtl backup() {
            return new LoadAndResetTtl(0, now, ttlMillis);
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.LOAD_AND_RESET_TTL;
        }
    }

    /**
     * Ends a session: a live (or unreadable) value becomes a purged tombstone that lives for the
     * grace period; a tombstone or nothing stays as it is. Returns the ended session's stored
     * bytes (its last state; {@link #APPLIED} for an unreadable value it ended), {@link #ENDED}
     * for a tombstone, {@link #ABSENT} for nothing: see {@link #ended}.
     */
    public static final class End extends SessionProcessor {

        /** Whether {@code result}, what an {@code End} returned, means that it ended a session. */
        public static boolean ended(Object result) {
            return result instanceof byte[] || APPLIED.equals(result);
        }

        public End() {
        }

        /** @param graceMillis how long the tombstone lives */
        public End(long now, long graceMillis) {
            super(now, graceMillis);
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            if (current == null) {
                return ABSENT;
            }
            if (StoredState.isReadable(current) && StoredState.kind((byte[]) current) != StoredState.LIVE) {
                return ENDED;
            }
            write(entry, StoredState.purged(now), StoredState.hazelcastTtlMillis(ttlMillis));
            return StoredState.isReadable(current) ? current : APPLIED; // the session's last state, if Weft's
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.END;
        }
    }

    /**
     * The first step of a renewal: leaves an unsettled renewed tombstone naming the successor in a
     * live session's place (for the grace period, keeping the session as it was), and returns the
     * body to move ({@code byte[]}, see {@link StoredState#liveBody}): the session with the delta
     * applied. Made again after it ran (its tombstone names the same successor), it returns the
     * same body. Otherwise returns a limit's refusal or what {@link #notLive} says.
     */
    public static final class Retire extends SessionProcessor {
        private byte[] successor;
        private byte[] changed;
        private byte[] removed;
        private long sessionTtlMillis;
        private long maxBytes;
        private int maxEntries;

        public Retire() {
        }

        /**
         * @param graceMillis how long the tombstone lives
         * @param sessionTtlMillis the session's TTL, for how long removal markers are kept
         */
        public Retire(byte[] successor, byte[] changed, byte[] removed, long maxBytes, int maxEntries, long now,
                long graceMillis, long sessionTtlMillis) {
            super(now, graceMillis);
            this.successor = successor;
            this.changed = changed;
            this.removed = removed;
            this.sessionTtlMillis = sessionTtlMillis;
            this.maxBytes = maxBytes;
            this.maxEntries = maxEntries;
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            boolean again = StoredState.isReadable(current) && StoredState.kind((byte[]) current) == StoredState.RENEWED
                    && !StoredState.isSettled((byte[]) current) && StoredState.hasSuccessor((byte[]) current, successor);
            if (!again && !isLive(current)) {
                return notLive(current);
            }
            // The session as it was before this renewal: what the tombstone keeps, to be reinstated
            // under the old key if the renewal stops half-way (without this request's changes, which
            // only the new key may get).
            byte[] before = again ? StoredState.moved(StoredState.movedBody((byte[]) current), now) : (byte[]) current;
            byte[] merged = StoredState.merged(before, changed, removed, now,
                    StoredState.effectiveTtlMillis(before, sessionTtlMillis, now));
            String[] refused = refusal(merged, changed, maxBytes, maxEntries);
            if (refused != null) {
                return refused;
            }
            if (!again) {
                write(entry, StoredState.retired(successor, StoredState.liveBody(before), sessionTtlMillis, now),
                        StoredState.hazelcastTtlMillis(ttlMillis));
            }
            return StoredState.liveBody(merged);
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.RETIRE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeByteArray(successor);
            out.writeByteArray(changed);
            out.writeByteArray(removed);
            out.writeLong(sessionTtlMillis);
            out.writeLong(maxBytes);
            out.writeInt(maxEntries);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            successor = in.readByteArray();
            changed = in.readByteArray();
            removed = in.readByteArray();
            sessionTtlMillis = in.readLong();
            maxBytes = in.readLong();
            maxEntries = in.readInt();
        }
    }

    /**
     * The first step of a stalled renewal's recovery, made on the renewal's new key: if the renewal
     * never stored its session there, leaves a claim ({@link StoredState#claimed}) for the grace
     * period, so that the stalled renewal's own second step, should it still come, finds the key
     * taken and fails instead of storing a second live copy of the session. Returns {@link #ABSENT}
     * if the key is claimed (now or by an earlier recovery): the session goes back to the old key;
     * {@link #APPLIED} if the renewal stored the session there: the old key's tombstone is settled.
     */
    public static final class ClaimSuccessor extends SessionProcessor {
        private byte[] predecessor;

        public ClaimSuccessor() {
        }

        /**
         * @param predecessor the digest of the renewal's old key
         * @param graceMillis how long the claim lives
         */
        public ClaimSuccessor(byte[] predecessor, long now, long graceMillis) {
            super(now, graceMillis);
            this.predecessor = predecessor;
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            if (current == null) {
                write(entry, StoredState.claimed(predecessor, now), StoredState.hazelcastTtlMillis(ttlMillis));
                return ABSENT;
            }
            if (StoredState.isReadable(current) && StoredState.kind((byte[]) current) == StoredState.RENEWED
                    && StoredState.hasSuccessor((byte[]) current, predecessor)) {
                return ABSENT; // claimed already, by another recovery of the same renewal
            }
            return APPLIED; // the renewal stored its session here (whatever became of it since)
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.CLAIM_SUCCESSOR;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeByteArray(predecessor);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            predecessor = in.readByteArray();
        }
    }

    /**
     * Ends an unsettled renewal whose tombstone names {@code successor}: settles it (the
     * successor is stored, so the moved state is dropped from the tombstone) or reinstates the
     * moved session under its old key (the successor was never stored). Returns {@link #APPLIED}
     * if the tombstone is settled or the session live again (also when it already was), {@link
     * #ENDED} if the key holds another tombstone, else what {@link #notLive} says.
     */
    public static final class FinishRenewal extends SessionProcessor {
        private byte[] successor;
        private boolean reinstate;

        public FinishRenewal() {
        }

        /**
         * @param reinstate true to bring the kept session back under the old key (with the TTL the
         *     tombstone kept), false to settle
         * @param graceMillis how long a settled tombstone lives
         */
        public FinishRenewal(byte[] successor, boolean reinstate, long now, long graceMillis) {
            super(now, graceMillis);
            this.successor = successor;
            this.reinstate = reinstate;
        }

        @Override
        public Object process(Map.Entry<byte[], Object> entry) {
            Object current = entry.getValue();
            if (!StoredState.isReadable(current)) {
                return notLive(current);
            }
            byte[] stored = (byte[]) current;
            byte kind = StoredState.kind(stored);
            if (kind == StoredState.LIVE) {
                return reinstate ? APPLIED : ENDED;
            }
            if (kind != StoredState.RENEWED || !StoredState.hasSuccessor(stored, successor)) {
                return ENDED;
            }
            if (StoredState.isSettled(stored)) {
                return reinstate ? ENDED : APPLIED;
            }
            if (reinstate) {
                return writeLive(entry, StoredState.reinstated(stored, now), StoredState.movedTtlMillis(stored))
                        ? APPLIED : ABSENT;
            }
            write(entry, StoredState.settled(stored), StoredState.hazelcastTtlMillis(ttlMillis));
            return APPLIED;
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.FINISH_RENEWAL;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeByteArray(successor);
            out.writeBoolean(reinstate);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            successor = in.readByteArray();
            reinstate = in.readBoolean();
        }
    }
}
