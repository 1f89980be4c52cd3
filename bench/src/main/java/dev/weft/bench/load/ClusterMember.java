package dev.weft.bench.load;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.InputStream;
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
        HazelcastInstance member = Hazelcast.newHazelcastInstance(BenchCluster.config(clusterName, port, ports, ttl));
        System.out.println("member started on port " + port);
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for end of input
        }
        System.out.println("input closed: leaving");
        member.getLifecycleService().terminate();
        System.exit(0);
    }
}
