package dev.weft.bench.load;

import dev.weft.bench.common.LoopbackCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The second cluster member, run by {@link BenchCluster} in a child JVM. It leaves and exits when
 * its standard input ends, which happens when the driver closes it or dies.
 *
 * <p>Arguments: cluster name, own port, TTL seconds, then every member's port.
 */
public final class ClusterMember {

    private ClusterMember() {
    }

    public static void main(String[] args) throws IOException {
        String clusterName = args[0];
        int port = Integer.parseInt(args[1]);
        Duration ttl = Duration.ofSeconds(Long.parseLong(args[2]));
        List<Integer> ports = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            ports.add(Integer.parseInt(args[i]));
        }
        LoopbackCluster.runChildMember(BenchCluster.config(clusterName, port, ports, ttl));
    }
}
