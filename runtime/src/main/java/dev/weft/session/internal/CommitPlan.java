package dev.weft.session.internal;

import dev.weft.session.SessionStatus;
import dev.weft.store.SessionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a scope's commit asks of the store, decided from what the scope knows and nothing else, so
 * that the rules are plain and tested without a store:
 * <ul>
 *   <li>purged: end the session, if it has a key;
 *   <li>a new session (no key): nothing if nothing was written, else save what was written, with
 *       the session's creation entries;
 *   <li>renewed: move the session to a new key with the changes, even if nothing changed; if the
 *       session was found gone, as a change instead (the store then saves under a new key);
 *   <li>otherwise: nothing if nothing was written, else one delta of the written and removed keys.
 *       Where the session was found gone, the delta carries the creation entries too: the store
 *       saves it under a new key (or refuses it, if the session ended), and a gone key never comes
 *       back, so they cannot overwrite a live session's.
 * </ul>
 * "Written" means assigned, inserted, removed or changed in place: a value only read is never
 * written, and an assignment is written even if it equals what was loaded.
 */
sealed interface CommitPlan {

    /** No store operation. */
    record Nothing() implements CommitPlan {
    }

    /** Save a new session. */
    record Save(Map<String, String> state) implements CommitPlan {
    }

    /** One delta update. */
    record Delta(SessionKey key, Map<String, String> changed, Set<String> removed) implements CommitPlan {
    }

    /** Move the session to a new key, with a delta. */
    record Renew(SessionKey key, Map<String, String> changed, Set<String> removed) implements CommitPlan {
    }

    /** End the session. */
    record Purge(SessionKey key) implements CommitPlan {
    }

    /**
     * Decides.
     *
     * @param key the key the scope was opened with, or null for a new session
     * @param foundGone whether the scope loaded the key and found no live session
     * @param changed written keys with their encoded values
     * @param removed removed keys (none of them in {@code changed})
     * @param creation the entries a new session starts with ({@code @created}, ...); for a renewal,
     *     the session's own, which the renewal carries along: if the session is gone by the time it
     *     moves, the store saves the changes alone under the new key, and they keep its creation
     *     time and deadline there (a deadline already passed then stores nothing)
     */
    static CommitPlan of(SessionStatus status, SessionKey key, boolean foundGone, Map<String, String> changed,
            Set<String> removed, Map<String, String> creation) {
        if (status == SessionStatus.PURGED) {
            return key == null ? new Nothing() : new Purge(key);
        }
        if (key == null) {
            return changed.isEmpty() ? new Nothing() : new Save(with(changed, creation));
        }
        if (foundGone) {
            return changed.isEmpty() ? new Nothing() : new Delta(key, with(changed, creation), Set.of());
        }
        if (status == SessionStatus.RENEWED) {
            return new Renew(key, with(changed, creation), removed);
        }
        return changed.isEmpty() && removed.isEmpty() ? new Nothing() : new Delta(key, changed, removed);
    }

    private static Map<String, String> with(Map<String, String> changed, Map<String, String> creation) {
        Map<String, String> state = new HashMap<>(creation);
        state.putAll(changed);
        return state;
    }
}
