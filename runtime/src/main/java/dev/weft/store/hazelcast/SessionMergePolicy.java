package dev.weft.store.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import dev.weft.store.hazelcast.internal.StoredState;
import dev.weft.store.hazelcast.internal.WeftDataSerializerHook;

/**
 * How the session map heals after a split brain, when the smaller side's sessions merge into the
 * larger side's. Hazelcast's default, {@code PutIfAbsentMergePolicy}, keeps one side's copy of a
 * session whole, which undoes a purge or renewal made on the other side and drops the writes made
 * there. This policy, for each session both sides hold:
 * <ul>
 *   <li>keeps a purged or renewed session ended: a tombstone wins over a live copy;
 *   <li>merges two live copies key by key: for each key the later write (or removal) wins, so
 *       acknowledged writes to different keys on the two sides are all kept. "Later" is by the
 *       writers' clocks, which must roughly agree across members;
 *   <li>keeps what the larger side has where a value is not a session Weft reads.
 * </ul>
 * A session only one side holds is kept. The merged session takes the smaller side's expiry time
 * (Hazelcast keeps the merging entry's), and its stamp says so, so the next request resets the TTL;
 * a session nobody uses after the heal may therefore end up to the time it was extended on the
 * larger side during the split earlier than otherwise. Tombstones outlive their grace period only
 * if the merge gives them a live copy's expiry. A tombstone that expired during the split cannot
 * win: make the grace longer than the splits you expect to heal.
 *
 * <p>{@link HazelcastSessionStore#startMember()} sets it for the session map. A member configured
 * by hand names it for that map (every member needs {@code weft-runtime} on its class path anyway):
 * <pre>
 * hazelcast:
 *   map:
 *     weft.sessions:
 *       merge-policy:
 *         class-name: dev.weft.store.hazelcast.SessionMergePolicy
 * </pre>
 */
public final class SessionMergePolicy
        implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object>, IdentifiedDataSerializable {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        Object ours = existing.getDeserializedValue();
        Object theirs = merging.getDeserializedValue();
        Object merged = StoredState.mergedReplicas(theirs, ours);
        if (merged == ours) {
            return existing.getRawValue();
        }
        return merged == theirs ? merging.getRawValue() : merged;
    }

    @Override
    public int getFactoryId() {
        return WeftDataSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WeftDataSerializerHook.MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
