package dev.weft.store.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.store.SessionKey;
import dev.weft.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link RenewalCrashTest}: a member ({@code clusterName port memberPort...},
 * see {@link ChildJvm#memberConfig}) with a store whose renewals stop for good between their first
 * and second step. Prints {@code ready} once the store is built. On the line {@code renew <key>}
 * on its standard input it renews that session (adding {@code user=alice}), printing {@code
 * successor <new key>} when it has chosen the new key and {@code between} when the first step is
 * done; then the renewal waits forever, for the test to kill this JVM. Exits when its standard
 * input closes.
 */
public final class RenewingMember {

    /** What the renewal adds to the session: it must never show up after the crash. */
    static final Map<String, String> RENEWAL_CHANGES = Map.of("user", "\"alice\"");

    private RenewingMember() {
    }

    public static void main(String[] args) throws IOException {
        int[] ports = Arrays.stream(args).skip(2).mapToInt(Integer::parseInt).toArray();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(
                ChildJvm.memberConfig(args[0], Integer.parseInt(args[1]), ports));
        HazelcastSessionStore store = HazelcastSessionStore.builder(member)
                .keys(() -> {
                    SessionKey successor = SessionKey.generate();
                    say("successor " + successor.value());
                    return successor;
                })
                .betweenRenewalSteps(() -> {
                    say("between");
                    try {
                        new CountDownLatch(1).await(); // until SIGKILL
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("the renewal was meant to stop here for good");
                })
                .build();
        say("ready " + member.getCluster().getLocalMember().getAddress());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("renew ")) {
                SessionKey key = SessionKey.parse(line.substring("renew ".length()));
                Thread renewal = new Thread(() -> {
                    store.blocking().renew(key, RENEWAL_CHANGES, Set.of(), Duration.ofMinutes(10));
                    say("renewed"); // never: the hook above does not return
                }, "renewal");
                renewal.setDaemon(true);
                renewal.start();
            }
        }
        Runtime.getRuntime().halt(0); // the test JVM closed our input, or died
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
