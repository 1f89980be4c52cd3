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

    // Ids 1 to 4 were the processors of stored format 1; a class's id changes with its wire form,
    // so members of different versions fail loudly instead of misreading each other.
    static final int PUT_NEW = 11;
    static final int APPLY_DELTA = 12;
    static final int RESET_TTL = 13;
    static final int LOAD_AND_RESET_TTL = 14;
    static final int END = 15;
    static final int RETIRE = 16;
    static final int FINISH_RENEWAL = 17;
    public static final int MERGE_POLICY = 18;
    static final int PROBE = 19;
    static final int CLAIM_SUCCESSOR = 20;

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public DataSerializableFactory createFactory() {
        return WeftDataSerializerHook::create;
    }

    private static IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case PUT_NEW -> new SessionProcessor.PutNew();
            case APPLY_DELTA -> new SessionProcessor.ApplyDelta();
            case RESET_TTL -> new SessionProcessor.ResetTtl();
            case LOAD_AND_RESET_TTL -> new SessionProcessor.LoadAndResetTtl();
            case END -> new SessionProcessor.End();
            case RETIRE -> new SessionProcessor.Retire();
            case FINISH_RENEWAL -> new SessionProcessor.FinishRenewal();
            case MERGE_POLICY -> new dev.weft.store.hazelcast.SessionMergePolicy();
            case PROBE -> new Probe();
            case CLAIM_SUCCESSOR -> new SessionProcessor.ClaimSuccessor();
            default -> throw new IllegalArgumentException("unknown Weft class id " + classId
                    + ": members run different Weft versions");
        };
    }
}
