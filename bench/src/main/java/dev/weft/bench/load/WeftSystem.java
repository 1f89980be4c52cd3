package dev.weft.bench.load;

import dev.weft.bench.Payload;
import dev.weft.bench.ShopState;
import dev.weft.bench.common.CountingSessionStore;
import dev.weft.session.Session;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.session.TtlExtensionPolicy;
import dev.weft.session.internal.SessionBridge;
import dev.weft.session.internal.SessionField;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStore;
import com.hazelcast.map.IMap;
import dev.weft.store.hazelcast.internal.StoredState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Map;

/**
 * Weft over {@link dev.weft.store.hazelcast.HazelcastSessionStore}: {@code sessions.open(key)},
 * three values read, one written on writing requests, close. The values are reached in one of
 * three ways ({@link Access}); all variants share one set of stored sessions.
 */
final class WeftSystem implements SessionSystem {

    /** How the request reaches the session's values. */
    enum Access {
        /** {@code state.profile}: fields woven by the agent (the intended use). */
        WOVEN,
        /** {@code SessionBridge.getReference(state, field)}: what woven code calls, without the agent. */
        BRIDGE,
        /** {@code Session.current().get(key, String.class)} and {@code insert}. */
        API
    }

    /** The sessions every Weft variant works on. */
    static final class Data {
        final SessionStore store;
        private final IMap<byte[], Object> map;
        private final boolean principals;
        SessionKey[] keys;

        /**
         * @param map where {@code store} keeps sessions, to fill directly in the stored form; null
         *     to fill through {@code store.save} (slower; what the memory measurement uses)
         */
        Data(SessionStore store, IMap<byte[], Object> map) {
            this(store, map, false);
        }

        /** @param principals whether each session is bound to a principal (one of 1,000 users) */
        Data(SessionStore store, IMap<byte[], Object> map, boolean principals) {
            this.store = store;
            this.map = map;
            this.principals = principals;
        }

        void populate(int count, Duration ttl) throws Exception {
            if (keys != null && keys.length == count) {
                return;
            }
            SessionKey[] made = new SessionKey[count];
            // What a session made by a scope holds: the three values and when it was created.
            Map<String, String> state = new java.util.HashMap<>(Payload.weftState());
            state.put(dev.weft.store.ReservedKeys.CREATED, Long.toString(System.currentTimeMillis()));
            java.util.function.IntFunction<Map<String, String>> stateOf = i -> {
                if (!principals) {
                    return state;
                }
                Map<String, String> bound = new java.util.HashMap<>(state);
                bound.put(dev.weft.store.ReservedKeys.PRINCIPAL, "user-" + i % 1000);
                return bound;
            };
            if (map == null) {
                Populator.async(count, i -> store.save(stateOf.apply(i), ttl).thenAccept(key -> made[i] = key));
            } else {
                // The form HazelcastSessionStore.save writes, under the key's digest, with its TTL.
                long ttlMillis = StoredState.hazelcastTtlMillis(ttl);
                byte[] pairs = StoredState.encode(state);
                Populator.threads(count, i -> {
                    made[i] = SessionKey.generate();
                    byte[] encoded = principals ? StoredState.encode(stateOf.apply(i)) : pairs;
                    map.set(made[i].id().toBytes(), StoredState.live(encoded, System.currentTimeMillis()),
                            ttlMillis, TimeUnit.MILLISECONDS);
                });
            }
            keys = made;
        }
    }

    private static final SessionField PROFILE = SessionBridge.field(ShopState.class, "profile");
    private static final SessionField CART = SessionBridge.field(ShopState.class, "cart");
    private static final SessionField PREFS = SessionBridge.field(ShopState.class, "prefs");

    private final String name;
    private final Data data;
    private final Sessions sessions;
    private final TtlExtensionPolicy policy;
    private final Access access;
    private final Duration ttl;
    private final ShopState state = new ShopState();

    private final String storeNote;

    WeftSystem(String name, Data data, TtlExtensionPolicy policy, Access access, Duration ttl) {
        this(name, data, data.store, "", policy, access, ttl, builder -> { });
    }

    /**
     * A variant whose requests go to {@code store} (over the same sessions as {@code data}), with the
     * sessions' builder set up further by {@code options} (metrics, listeners).
     */
    WeftSystem(String name, Data data, SessionStore store, String storeNote, TtlExtensionPolicy policy,
            Access access, Duration ttl, java.util.function.Consumer<Sessions.Builder> options) {
        this.name = name;
        this.data = data;
        this.policy = policy;
        this.access = access;
        this.ttl = ttl;
        this.storeNote = storeNote;
        // Entry operations counted; the expiry subscription a listener or metrics ask for is refused by
        // the counting store (SessionStore's default), as in every run so far (weft-ops).
        Sessions.Builder builder = Sessions.builder().store(new CountingSessionStore(store))
                .ttl(ttl).ttlExtension(policy);
        options.accept(builder);
        this.sessions = builder.build();
        if (access == Access.WOVEN && !ShopState.isWoven()) {
            throw new IllegalStateException("system " + name + " needs the Weft agent:"
                    + " run with -javaagent:bench/target/weft-agent.jar");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String how = switch (access) {
            case WOVEN -> "@SessionScoped fields woven by the agent";
            case BRIDGE -> "SessionBridge calls (exactly what woven code calls)";
            case API -> "Session.current().get/insert";
        };
        return "Weft, " + policy + ", " + how + storeNote;
    }

    @Override
    public void populate(int count) throws Exception {
        data.populate(count, ttl);
    }

    @Override
    public int request(int session, boolean write) {
        SessionKey key = data.keys[session];
        int read;
        SessionScope scope = sessions.open(key);
        try (scope) {
            switch (access) {
                case WOVEN -> {
                    read = WovenAccess.read(state);
                    if (write) {
                        WovenAccess.write(state);
                    }
                }
                case BRIDGE -> {
                    read = ((String) SessionBridge.getReference(state, PROFILE)).length()
                            + ((String) SessionBridge.getReference(state, CART)).length()
                            + ((String) SessionBridge.getReference(state, PREFS)).length();
                    if (write) {
                        SessionBridge.setReference(state,
                                Payload.nextCart((String) SessionBridge.getReference(state, CART)), CART);
                    }
                }
                default -> {
                    Session current = Session.current();
                    read = current.get(ShopState.PROFILE, String.class).orElseThrow().length()
                            + current.get(ShopState.CART, String.class).orElseThrow().length()
                            + current.get(ShopState.PREFS, String.class).orElseThrow().length();
                    if (write) {
                        current.insert(ShopState.CART,
                                Payload.nextCart(current.get(ShopState.CART, String.class).orElseThrow()));
                    }
                }
            }
        }
        if (read != 3 * Payload.VALUE_LENGTH || !key.equals(scope.key().orElse(null))) {
            throw new IllegalStateException("session " + session + " was not found where it was stored");
        }
        return read;
    }

    /** Plain field accesses, woven under the agent. */
    private static final class WovenAccess {
        static int read(ShopState state) {
            return state.profile.length() + state.cart.length() + state.prefs.length();
        }

        static void write(ShopState state) {
            state.cart = Payload.nextCart(state.cart);
        }
    }
}
