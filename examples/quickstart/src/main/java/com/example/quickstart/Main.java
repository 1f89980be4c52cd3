package com.example.quickstart;

import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;

/**
 * Two JVMs, one session. Without an argument: starts a Hazelcast member, puts "apple" in a new
 * session's cart, prints the session's key and waits for Enter, then shows the cart again. With a
 * key: joins the same cluster, shows that session's cart and adds "pear".
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        Cart cart = new Cart();
        // An embedded Hazelcast member (cluster "weft", loopback only, or your hazelcast.yaml).
        // Closing Sessions shuts it down, so the JVM can exit.
        try (Sessions sessions = Sessions.builder().store(HazelcastSessionStore.startMember()).build()) {
            if (args.length == 0) {
                SessionScope scope = sessions.open(null); // null: a new session
                try (scope) {
                    cart.add("apple");
                    System.out.println("cart: " + cart.items());
                }
                SessionKey key = scope.key().orElseThrow(); // after close: the key the session is stored under
                System.out.println("key: " + key.value());
                System.out.println("Run the same command with this key in another terminal, then press Enter here.");
                System.in.read();
                try (SessionScope again = sessions.open(key)) {
                    System.out.println("cart: " + cart.items());
                }
            } else {
                SessionKey key = SessionKey.parse(args[0]); // the text that value() printed
                try (SessionScope scope = sessions.open(key)) {
                    if (Session.current().isNew()) {
                        System.out.println("no session has this key in the cluster: this is a new one");
                    }
                    System.out.println("cart: " + cart.items());
                    cart.add("pear");
                    System.out.println("cart: " + cart.items());
                }
            }
        }
    }
}
