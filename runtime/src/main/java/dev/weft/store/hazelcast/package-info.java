/**
 * {@link dev.weft.store.hazelcast.HazelcastSessionStore}: sessions in a Hazelcast {@code IMap}
 * shared by every member of the cluster, expiring through Hazelcast's per-entry TTL.
 */
package dev.weft.store.hazelcast;
