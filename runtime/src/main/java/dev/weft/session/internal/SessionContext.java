package dev.weft.session.internal;

import dev.weft.session.NoActiveSessionException;
import dev.weft.session.SessionEvent;
import dev.weft.session.SessionStatus;
import dev.weft.session.TtlExtensionPolicy;
import dev.weft.store.BlockingSessionStore;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SessionKey;
import dev.weft.store.SessionStoreException;
import dev.weft.store.StoreArguments;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One scope's session: what it was opened with, its {@link SessionState}, its {@link Slots}, its
 * status, and the commit, which carries out the {@link CommitPlan}. Bound to the thread that
 * opened its scope and to threads it was carried to; used by one thread at a time, and closed
 * (committed or discarded) once, from any thread.
 */
public final class SessionContext {

    /** What every scope of one {@code Sessions} shares. */
    public record Settings(BlockingSessionStore store, Duration ttl, TtlExtensionPolicy policy, ValueCodec codec,
            Clock clock, Duration maxLifetime, Lifecycle lifecycle) {
    }

    private final Settings settings;
    /** The key the session has: the one it was opened with, or one it was stored under in this scope. */
    private SessionKey key;
    private final long openedAt;
    private final Slots slots;
    private final SessionState state;
    private boolean foundGone;
    /** Whether the session began in this scope: opened without a key, or its key named no live session. */
    private boolean createdHere;
    private SessionStatus status = SessionStatus.UNCHANGED;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ended;

    public SessionContext(Settings settings, SessionKey key) {
        this.settings = settings;
        this.key = key;
        this.openedAt = settings.clock().millis();
        this.createdHere = key == null;
        this.slots = new Slots(this);
        this.state = new SessionState(settings.codec(), slots, key == null ? Map.of() : null, this::load);
    }

    // ---- binding to threads ----

    /** The context bound to this thread, or null. */
    public static SessionContext current() {
        return Slots.current();
    }

    /** Binds {@code context} (or nothing, for null) to this thread; returns what was bound before. */
    public static SessionContext bind(SessionContext context) {
        return Slots.bind(context == null ? null : context.slots);
    }

    /** The open context bound to this thread, now holding its current slots. */
    static SessionContext require(SessionField field) {
        SessionContext context = current();
        if (context == null || context.ended) {
            throw new NoActiveSessionException("session field " + field.name() + " was used "
                    + (context == null && !Slots.boundToEndedScope() ? "on a thread with no open session scope"
                            : "after its session scope closed")
                    + "; open one with sessions.open(key), or carry it with scope.wrap(..)");
        }
        context.slots.follow(); // the slots may have grown since this thread was bound
        return context;
    }

    /** The context bound to this thread for the {@code Session} API. */
    public static SessionContext requireForApi() {
        SessionContext context = current();
        if (context == null || context.ended) {
            throw new NoActiveSessionException("Session.current() was used "
                    + (context == null && !Slots.boundToEndedScope() ? "on a thread with no open session scope"
                            : "after its session scope closed")
                    + "; open one with sessions.open(key), or carry it with scope.wrap(..)");
        }
        return context;
    }

    /** The key the session has: the one it was opened with unless that was found not to exist, or a new one stored in this scope. */
    public Optional<SessionKey> key() {
        return foundGone ? Optional.empty() : Optional.ofNullable(key);
    }

    /** Whether the scope was committed or discarded. */
    public boolean isClosed() {
        return ended;
    }

    // ---- woven fields ----

    Object materialize(SessionField field, Object owner) {
        return state.materialize(field, owner);
    }

    void writeUnseen(SessionField field, Object value) {
        state.writeUnseen(field, value);
        changed();
    }

    /** The fast path assigned field {@code index}. */
    void assigned(int index) {
        slots.markAssigned(index);
        changed();
    }

    // ---- the Session API ----

    public <T> Optional<T> get(String key, Class<T> type) {
        return state.get(key, type);
    }

    public void insert(String key, Object value) {
        state.insert(key, value);
        changed();
    }

    public void remove(String key) {
        state.remove(key);
        changed();
    }

    public void clear() {
        state.clear();
        changed();
    }

    public void purge() {
        state.forgetChanges();
        status = SessionStatus.PURGED;
    }

    public void renew() {
        if (status != SessionStatus.PURGED) {
            status = SessionStatus.RENEWED;
        }
    }

    public SessionStatus status() {
        return status;
    }

    /**
     * The session's identifier. A session without a key yet (new, found gone, or renewed in this
     * scope) is stored now to get one: what this scope changed so far is stored with it, and the
     * scope goes on with the new key.
     *
     * @throws IllegalStateException if the session was purged in this scope
     * @throws SessionStoreException if storing it failed
     */
    public dev.weft.store.SessionId id() {
        if (status == SessionStatus.PURGED) {
            throw new IllegalStateException("the session was purged in this scope, so it has no identifier");
        }
        if (key != null && status != SessionStatus.RENEWED) {
            state.loaded(); // does the key name a live session?
            if (!foundGone) {
                return key.id();
            }
        }
        storeNow();
        return key.id();
    }

    /** Stores the scope's session and changes now, under a (new) key, and goes on with it. */
    private void storeNow() {
        if (status == SessionStatus.RENEWED && key != null) {
            state.loaded();
        }
        state.collectChanges();
        CommitPlan plan = CommitPlan.of(status, key, foundGone, state.changes(), state.removals(), planCreation());
        if (plan instanceof CommitPlan.Nothing) { // nothing written yet, but a key is wanted
            Map<String, String> creation = creationEntries();
            plan = key == null ? new CommitPlan.Save(creation) : new CommitPlan.Delta(key, creation, Set.of());
        }
        key = carryOut(plan);
        foundGone = false;
        if (status == SessionStatus.RENEWED || status == SessionStatus.CHANGED) {
            status = SessionStatus.UNCHANGED;
        }
        state.stored();
    }

    /** Whether the session began in this scope (it had no key, or its key named no live session). */
    public boolean isNew() {
        if (!createdHere) {
            state.loaded();
        }
        return createdHere;
    }

    /** When the session was created: its {@code @created} entry, or when this scope opened for a new one. */
    public java.time.Instant createdAt() {
        String created = state.reserved(ReservedKeys.CREATED);
        long millis = created == null ? openedAt : parseMillis(created, openedAt);
        return java.time.Instant.ofEpochMilli(millis);
    }

    /** The session's own idle timeout, or the sessions' TTL if it has none. */
    public Duration idleTimeout() {
        String idle = state.reserved(ReservedKeys.IDLE_TIMEOUT);
        long millis = idle == null ? -1 : parseMillis(idle, -1);
        return millis > 0 ? Duration.ofMillis(millis) : settings.ttl();
    }

    /** The principal the session is bound to, if any. */
    public Optional<String> principal() {
        return Optional.ofNullable(state.reserved(ReservedKeys.PRINCIPAL));
    }

    /** Binds the session to {@code name} (null or empty: to nobody), stored with it. */
    public void principal(String name) {
        if (name == null || name.isEmpty()) {
            state.removeReserved(ReservedKeys.PRINCIPAL);
        } else {
            state.putReserved(ReservedKeys.PRINCIPAL, name);
        }
        changed();
    }

    /** Gives the session its own idle timeout, stored with it. */
    public void idleTimeout(Duration timeout) {
        state.putReserved(ReservedKeys.IDLE_TIMEOUT, Long.toString(StoreArguments.requireTtl(timeout).toMillis()));
        changed();
    }

    private static long parseMillis(String text, long otherwise) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The application's state as text, including changes made in this scope. */
    public Map<String, String> entries() {
        return state.entries();
    }

    private void changed() {
        if (status == SessionStatus.UNCHANGED) {
            status = SessionStatus.CHANGED;
        }
    }

    // ---- loading ----

    private Map<String, String> load() {
        Optional<Map<String, String>> loaded = settings.policy() == TtlExtensionPolicy.ON_EVERY_REQUEST
                ? settings.store().loadAndUpdateTtl(key, settings.ttl())
                : settings.store().load(key);
        if (loaded.isEmpty()) {
            foundGone = true; // unknown, expired or ended: this scope starts a new session
            createdHere = true;
            return Map.of();
        }
        return loaded.get();
    }

    // ---- closing ----

    /**
     * Ends the scope without storing anything: unbinds it from this thread and empties its slots
     * for every thread. Does nothing if the scope already ended.
     *
     * @return whether this call ended it
     */
    public boolean discard() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        ended = true;
        status = SessionStatus.UNCHANGED; // what the scope did: nothing
        slots.end();
        return true;
    }

    /**
     * Ends the scope and stores what changed, as the {@link CommitPlan} says. The thread is
     * unbound and the slots emptied whatever happens. Once only: a second call, from any thread,
     * does nothing and returns null.
     *
     * @return where the state now lives, or null if nowhere (or if already closed)
     * @throws SessionStoreException if the store failed or refused; a refused write ({@code
     *     ENDED}, a limit) stored nothing, and for a renewal see {@code SessionStore#renew}
     */
    public SessionKey commit() {
        if (!closed.compareAndSet(false, true)) {
            return null;
        }
        try {
            if (status == SessionStatus.RENEWED && key != null) {
                state.loaded(); // a renewal must know whether there is a session to move
            }
            state.collectChanges();
            CommitPlan plan = CommitPlan.of(status, key, foundGone, state.changes(), state.removals(),
                    planCreation());
            CommitEvent event = new CommitEvent();
            event.begin();
            String outcome = "failure";
            try {
                SessionKey stored = carryOut(plan);
                outcome = "success";
                return stored;
            } catch (SessionStoreException e) {
                outcome = e.kind() == SessionStoreException.Kind.OTHER ? "failure" : "refused";
                throw e;
            } finally {
                event.end();
                if (event.shouldCommit()) {
                    event.plan = plan.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
                    event.written = state.changes().size() + state.removals().size();
                    event.outcome = outcome;
                    event.commit();
                }
            }
        } finally {
            ended = true;
            slots.end();
        }
    }

    private SessionKey carryOut(CommitPlan plan) {
        BlockingSessionStore store = settings.store();
        Duration ttl = settings.ttl();
        if (plan instanceof CommitPlan.Save save) {
            SessionKey stored = store.save(save.state(), ttl);
            tell(SessionEvent.Type.CREATED, stored, null);
            return stored;
        }
        if (plan instanceof CommitPlan.Delta delta) {
            SessionKey stored = store.updateDelta(delta.key(), delta.changed(), delta.removed(), ttl);
            if (!stored.equals(key)) {
                if (!foundGone) {
                    // The session went away after this scope last saw it (or it never looked): the store
                    // saved the changes alone under a new key, so the new session gets its creation entries.
                    store.updateDelta(stored, creationEntries(), Set.of(), ttl);
                }
                tell(SessionEvent.Type.CREATED, stored, null);
            }
            return stored;
        }
        if (plan instanceof CommitPlan.Renew renew) {
            SessionKey stored = store.renew(renew.key(), renew.changed(), renew.removed(), ttl);
            tell(SessionEvent.Type.RENEWED, stored, renew.key());
            return stored;
        }
        if (plan instanceof CommitPlan.Purge purge) {
            store.delete(purge.key());
            if (!foundGone) {
                tell(SessionEvent.Type.PURGED, purge.key(), null);
            }
            return null;
        }
        return foundGone ? null : key; // nothing to store
    }

    /** Tells the sessions' lifecycle of what this commit did. */
    private void tell(SessionEvent.Type type, SessionKey stored, SessionKey previous) {
        if (settings.lifecycle() != Lifecycle.NONE) {
            settings.lifecycle().happened(type, stored.id(), previous == null ? null : previous.id(),
                    state.knownReserved(ReservedKeys.PRINCIPAL));
        }
    }

    /**
     * The creation entries a commit's plan carries: a new session's; for a renewal the session's
     * own (see {@link CommitPlan#of}); none for a session that stays where it is.
     */
    private Map<String, String> planCreation() {
        if (key == null || foundGone) {
            return creationEntries();
        }
        if (status != SessionStatus.RENEWED) {
            return Map.of();
        }
        Map<String, String> carried = new HashMap<>();
        creationEntries().forEach((name, fresh) -> {
            String own = state.reserved(name); // loaded: a renewal loads before it commits
            carried.put(name, own != null ? own : fresh);
        });
        return carried;
    }

    /** What a new session starts with: when it was created and, with a maximum lifetime, when it ends. */
    private Map<String, String> creationEntries() {
        Map<String, String> entries = new HashMap<>();
        entries.put(ReservedKeys.CREATED, Long.toString(openedAt));
        if (settings.maxLifetime() != null) {
            entries.put(ReservedKeys.DEADLINE, Long.toString(openedAt + settings.maxLifetime().toMillis()));
        }
        return entries;
    }
}
