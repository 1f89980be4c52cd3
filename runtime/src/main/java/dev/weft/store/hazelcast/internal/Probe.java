package dev.weft.store.hazelcast.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * Asks a member whether it can run Weft's processors: a member without {@code weft-runtime}
 * cannot deserialize it. Reads and writes nothing; answers the stored-format version it writes.
 */
public final class Probe implements EntryProcessor<byte[], Object, Object>, IdentifiedDataSerializable {

    /** The stored-format version this runtime writes. */
    public static final int FORMAT = StoredState.FORMAT_2;

    @Override
    public Object process(Map.Entry<byte[], Object> entry) {
        return FORMAT;
    }

    @Override
    public EntryProcessor<byte[], Object, Object> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return WeftDataSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WeftDataSerializerHook.PROBE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
