package dev.weft.bench.load;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.weft.store.hazelcast.internal.StoredState;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * <b>An experiment, not shipped.</b> The runtime's {@code SessionProcessor.LoadAndResetTtl} with
 * one change: when it skips the TTL reset (the TTL was set within the window), it also asks for no
 * backup. Hazelcast's {@code EntryOperation.shouldBackup()} sends a synchronous backup whenever the
 * processor's {@link #getBackupProcessor()} is not null, and asks it after {@code process} ran on
 * the partition owner, so a processor that wrote nothing can return null there.
 */
public final class LoadWithoutIdleBackup implements EntryProcessor<String, Object, Object>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private long ttlMillis;
    private long windowMillis;
    private transient boolean wrote;

    public LoadWithoutIdleBackup() {
    }

    LoadWithoutIdleBackup(long ttlMillis, long windowMillis) {
        this.ttlMillis = ttlMillis;
        this.windowMillis = windowMillis;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        Object current = entry.getValue();
        if (StoredState.isReadable(current)) {
            String[] stored = (String[]) current;
            long now = System.currentTimeMillis();
            if (now - StoredState.stamp(stored) >= windowMillis) {
                @SuppressWarnings("unchecked")
                ExtendedMapEntry<String, Object> extended = (ExtendedMapEntry<String, Object>) entry;
                extended.setValue(StoredState.stamped(StoredState.pairs(stored), now), ttlMillis, TimeUnit.MILLISECONDS);
                wrote = true;
            }
        }
        return current;
    }

    @Override
    public EntryProcessor<String, Object, Object> getBackupProcessor() {
        return wrote ? this : null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ttlMillis);
        out.writeLong(windowMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ttlMillis = in.readLong();
        windowMillis = in.readLong();
    }
}
