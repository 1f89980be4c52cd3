package dev.weft.bench.load;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.LocalMapStats;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * Run on every member: the map's entry memory cost as Hazelcast estimates it (owned and backup
 * entries) and, after a full GC, the member's used heap.
 */
public final class MapFootprint implements Callable<long[]>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    /** Indexes into the result. */
    public static final int OWNED_COST = 0;
    public static final int BACKUP_COST = 1;
    public static final int OWNED_ENTRIES = 2;
    public static final int BACKUP_ENTRIES = 3;
    public static final int HEAP_USED = 4;

    private final String mapName;
    private transient HazelcastInstance hazelcast;

    public MapFootprint(String mapName) {
        this.mapName = mapName;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public long[] call() {
        LocalMapStats stats = hazelcast.getMap(mapName).getLocalMapStats();
        return new long[] {stats.getOwnedEntryMemoryCost(), stats.getBackupEntryMemoryCost(),
            stats.getOwnedEntryCount(), stats.getBackupEntryCount(), heapUsedAfterGc()};
    }

    /** Used heap after full collections, in bytes. */
    public static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
