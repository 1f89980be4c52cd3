package dev.weft.store.hazelcast.internal;

import com.hazelcast.internal.serialization.DataSerializerHook;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Registers Weft's entry processors with Hazelcast's own serialization, found on the class path
 * through {@code META-INF/services/com.hazelcast.DataSerializerHook} (the way Hazelcast's web
 * session and Hibernate modules register theirs), so no member or client needs configuration.
 * Every member that runs the processors must have {@code weft-runtime} on its class path.
 */
public final class WeftDataSerializerHook implements DataSerializerHook {

    /** The factory id: "WEFT" in ASCII. Positive, so it never meets Hazelcast's own (negative) ids. */
    public static final int FACTORY_ID = 0x57454654;

    static final int PUT_STATE = 1;
    static final int APPLY_DELTA = 2;
    static final int RESET_TTL = 3;
    static final int LOAD_AND_RESET_TTL = 4;

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public DataSerializableFactory createFactory() {
        return WeftDataSerializerHook::create;
    }

    private static IdentifiedDataSerializable create(int classId) {
        switch (classId) {
            case PUT_STATE:
                return new SessionProcessor.PutState();
            case APPLY_DELTA:
                return new SessionProcessor.ApplyDelta();
            case RESET_TTL:
                return new SessionProcessor.ResetTtl();
            case LOAD_AND_RESET_TTL:
                return new SessionProcessor.LoadAndResetTtl();
            default:
                throw new IllegalArgumentException("unknown Weft class id " + classId
                        + ": members run different Weft versions");
        }
    }
}
