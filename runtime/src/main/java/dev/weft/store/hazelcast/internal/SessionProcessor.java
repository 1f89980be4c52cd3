package dev.weft.store.hazelcast.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Base of the entry processors that make each store write one atomic operation on the key's
 * partition. Each carries the Hazelcast TTL it writes with: a plain {@code setValue} would reset
 * the entry to the map's default TTL (never expire), so every write goes through {@link #write}.
 * The backup replica runs the same processor on the same entry state, so it reaches the same
 * result; a processor that wrote nothing sends no backup at all.
 */
public abstract class SessionProcessor<R> implements EntryProcessor<String, Object, R>, IdentifiedDataSerializable {

    long ttlMillis;
    /** Whether {@link #process} wrote the entry on this replica; only then has the backup work to do. */
    private transient boolean wrote;

    SessionProcessor() {
    }

    SessionProcessor(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /** Stores encoded {@code pairs}, stamped with the time now, and this processor's TTL. */
    final void write(Map.Entry<String, Object> entry, byte[] pairs) {
        store(entry, StoredState.stamped(pairs, System.currentTimeMillis()));
    }

    /** Stores a readable stored state again, stamped with the time now, and this processor's TTL. */
    final void restamp(Map.Entry<String, Object> entry, byte[] stored) {
        store(entry, StoredState.restamped(stored, System.currentTimeMillis()));
    }

    private void store(Map.Entry<String, Object> entry, byte[] stored) {
        @SuppressWarnings("unchecked")
        ExtendedMapEntry<String, Object> extended = (ExtendedMapEntry<String, Object>) entry;
        extended.setValue(stored, ttlMillis, TimeUnit.MILLISECONDS);
        wrote = true;
    }

    /**
     * Hazelcast asks for the backup processor after {@code process} ran on the partition owner and
     * sends a backup operation whenever there is one: a processor that wrote nothing (a skipped TTL
     * reset, a taken key, a gone session) therefore asks for none.
     */
    @Override
    public final EntryProcessor<String, Object, R> getBackupProcessor() {
        return wrote ? backup() : null;
    }

    /** What the backup replica runs after this processor wrote on the owner. */
    EntryProcessor<String, Object, R> backup() {
        return this;
    }

    @Override
    public final int getFactoryId() {
        return WeftDataSerializerHook.FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ttlMillis = in.readLong();
    }

    /**
     * Stores a whole state if the entry's presence is as expected: absent for a new session
     * (never overwriting a taken key), present for an update (never resurrecting a gone one).
     * Returns whether it stored.
     */
    public static final class PutState extends SessionProcessor<Boolean> {
        private byte[] state;
        private boolean present;

        public PutState() {
        }

        /**
         * @param state the encoded pairs ({@link StoredState#encode})
         * @param present true to replace a live session's state, false to store a new one
         */
        public PutState(byte[] state, boolean present, long ttlMillis) {
            super(ttlMillis);
            this.state = state;
            this.present = present;
        }

        /**
         * Stores the state if the key is as expected: absent for a new session, present for a
         * replacement. A new session's key that already holds exactly this state counts as
         * absent: that is this same save made again (the blocking view repeats a call whose wait
         * was interrupted), not another session.
         */
        @Override
        public Boolean process(Map.Entry<String, Object> entry) {
            Object current = entry.getValue();
            boolean expected = present ? current != null : current == null || holdsThisState(current);
            if (!expected) {
                return Boolean.FALSE;
            }
            write(entry, state);
            return Boolean.TRUE;
        }

        private boolean holdsThisState(Object current) {
            return StoredState.isReadable(current) && StoredState.holds((byte[]) current, state);
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.PUT_STATE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeByteArray(state);
            out.writeBoolean(present);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            state = in.readByteArray();
            present = in.readBoolean();
        }
    }

    /**
     * Sets and removes some keys of a live session and resets its TTL, if the result fits the
     * size limit. Returns {@link #ABSENT}, {@link #UNREADABLE}, or the resulting state's encoded
     * size (written only if at most {@code maxBytes}).
     */
    public static final class ApplyDelta extends SessionProcessor<Long> {
        public static final long ABSENT = -1;
        public static final long UNREADABLE = -2;

        private byte[] changed;
        private byte[] removed;
        private long maxBytes;

        public ApplyDelta() {
        }

        /**
         * @param changed the encoded pairs to set ({@link StoredState#encode})
         * @param removed the encoded keys to remove ({@link StoredState#encodeKeys})
         */
        public ApplyDelta(byte[] changed, byte[] removed, long maxBytes, long ttlMillis) {
            super(ttlMillis);
            this.changed = changed;
            this.removed = removed;
            this.maxBytes = maxBytes;
        }

        @Override
        public Long process(Map.Entry<String, Object> entry) {
            Object current = entry.getValue();
            if (current == null) {
                return ABSENT;
            }
            if (!StoredState.isReadable(current)) {
                return UNREADABLE;
            }
            byte[] pairs = StoredState.merged((byte[]) current, changed, removed);
            long size = StoredState.size(pairs);
            if (size <= maxBytes) {
                write(entry, pairs);
            }
            return size;
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
            out.writeLong(maxBytes);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            changed = in.readByteArray();
            removed = in.readByteArray();
            maxBytes = in.readLong();
        }
    }

    /** Resets a live session's TTL; does nothing for a missing or unreadable one. */
    public static final class ResetTtl extends SessionProcessor<Void> {
        public ResetTtl() {
        }

        public ResetTtl(long ttlMillis) {
            super(ttlMillis);
        }

        @Override
        public Void process(Map.Entry<String, Object> entry) {
            Object current = entry.getValue();
            if (StoredState.isReadable(current)) {
                restamp(entry, (byte[]) current);
            }
            return null;
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.RESET_TTL;
        }
    }

    /**
     * Returns a live session's stored state and resets its TTL in the same operation, unless the
     * TTL was set less than {@code windowMillis} ago: then the entry is not written at all (no
     * backup traffic), and the session may end up to {@code windowMillis} earlier than exact
     * sliding expiry would end it. A value that is not a Weft state is returned as it is and left
     * untouched.
     */
    public static final class LoadAndResetTtl extends SessionProcessor<Object> {
        private long windowMillis;

        public LoadAndResetTtl() {
        }

        public LoadAndResetTtl(long ttlMillis, long windowMillis) {
            super(ttlMillis);
            this.windowMillis = windowMillis;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            Object current = entry.getValue();
            // The stamp first: a load within the window (most loads) writes nothing, so it need
            // not check the whole value; the caller checks it as it decodes.
            if (StoredState.isStamped(current)
                    && System.currentTimeMillis() - StoredState.stamp((byte[]) current) >= windowMillis
                    && StoredState.isReadable(current)) {
                restamp(entry, (byte[]) current);
            }
            return current;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeLong(windowMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            windowMillis = in.readLong();
        }

        /** The owner reset the TTL, so the backup must too, whatever its own clock says of the window. */
        @Override
        LoadAndResetTtl backup() {
            return new LoadAndResetTtl(ttlMillis, 0);
        }

        @Override
        public int getClassId() {
            return WeftDataSerializerHook.LOAD_AND_RESET_TTL;
        }
    }
}
