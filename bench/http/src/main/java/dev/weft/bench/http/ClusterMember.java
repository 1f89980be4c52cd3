package dev.weft.bench.http;

import dev.weft.bench.common.LoopbackCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The second cluster member, run by {@link HttpCluster} in a child JVM of the server. It leaves and
 * exits when its standard input ends, which happens when the server closes it or dies.
 *
 * <p>Arguments: cluster name, own port, then every member's port.
 */
public final class ClusterMember {

    private ClusterMember() {
    }

    public static void main(String[] args) throws IOException {
        String clusterName = args[0];
        int port = Integer.parseInt(args[1]);
        List<Integer> ports = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            ports.add(Integer.parseInt(args[i]));
        }
        LoopbackCluster.runChildMember(HttpCluster.config(clusterName, port, ports));
    }
}
