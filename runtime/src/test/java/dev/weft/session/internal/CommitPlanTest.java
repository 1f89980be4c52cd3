package dev.weft.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.session.SessionStatus;
import dev.weft.store.SessionKey;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The commit rules, decided without a store. */
class CommitPlanTest {

    private static final SessionKey KEY = SessionKey.generate();
    private static final Map<String, String> CREATION = Map.of("@created", "1");
    private static final Map<String, String> NONE = Map.of();

    private static CommitPlan plan(SessionStatus status, SessionKey key, boolean foundGone, Map<String, String> changed,
            Set<String> removed) {
        return CommitPlan.of(status, key, foundGone, changed, removed, CREATION);
    }

    @Test
    void aNewSessionIsSavedWithItsCreationEntriesOnlyIfSomethingWasWritten() {
        assertEquals(new CommitPlan.Nothing(), plan(SessionStatus.UNCHANGED, null, false, NONE, Set.of()));
        assertEquals(new CommitPlan.Nothing(), plan(SessionStatus.CHANGED, null, false, NONE, Set.of("gone")),
                "removing from a new session stores nothing");
        assertEquals(new CommitPlan.Save(Map.of("a", "1", "@created", "1")),
                plan(SessionStatus.CHANGED, null, false, Map.of("a", "1"), Set.of()));
        assertEquals(new CommitPlan.Save(Map.of("a", "1", "@created", "1")),
                plan(SessionStatus.RENEWED, null, false, Map.of("a", "1"), Set.of()), "renewing a new session: a save");
    }

    @Test
    void anExistingSessionGetsOneDeltaOfWhatWasWrittenOrNothing() {
        assertEquals(new CommitPlan.Nothing(), plan(SessionStatus.UNCHANGED, KEY, false, NONE, Set.of()));
        assertEquals(new CommitPlan.Delta(KEY, Map.of("a", "1"), Set.of("b")),
                plan(SessionStatus.CHANGED, KEY, false, Map.of("a", "1"), Set.of("b")));
        assertEquals(new CommitPlan.Delta(KEY, NONE, Set.of("b")),
                plan(SessionStatus.CHANGED, KEY, false, NONE, Set.of("b")), "a removal alone is a write");
    }

    @Test
    void aSessionFoundGoneSendsItsChangesWithCreationEntriesAndReadsNothing() {
        assertEquals(new CommitPlan.Nothing(), plan(SessionStatus.UNCHANGED, KEY, true, NONE, Set.of()),
                "an unknown key only read: no store call, so no new session");
        assertEquals(new CommitPlan.Delta(KEY, Map.of("a", "1", "@created", "1"), Set.of()),
                plan(SessionStatus.CHANGED, KEY, true, Map.of("a", "1"), Set.of("b")),
                "the store saves it under a new key, or refuses it if the key ended");
        assertEquals(new CommitPlan.Delta(KEY, Map.of("a", "1", "@created", "1"), Set.of()),
                plan(SessionStatus.RENEWED, KEY, true, Map.of("a", "1"), Set.of()));
    }

    @Test
    void aRenewalMovesTheSessionEvenIfNothingChangedCarryingItsCreationEntries() {
        assertEquals(new CommitPlan.Renew(KEY, Map.of("@created", "1"), Set.of()),
                plan(SessionStatus.RENEWED, KEY, false, NONE, Set.of()),
                "the session's own creation entries go along, for a session gone by the time it moves");
        assertEquals(new CommitPlan.Renew(KEY, Map.of("user", "\"alice\"", "@created", "1"), Set.of("x")),
                plan(SessionStatus.RENEWED, KEY, false, Map.of("user", "\"alice\""), Set.of("x")));
    }

    @Test
    void aPurgeEndsTheKeyWhateverElseHappened() {
        assertEquals(new CommitPlan.Purge(KEY), plan(SessionStatus.PURGED, KEY, false, Map.of("a", "1"), Set.of()));
        assertEquals(new CommitPlan.Purge(KEY), plan(SessionStatus.PURGED, KEY, true, NONE, Set.of()),
                "even a key found gone: it may be a tombstone's, or about to be written by another request");
        assertEquals(new CommitPlan.Nothing(), plan(SessionStatus.PURGED, null, false, Map.of("a", "1"), Set.of()));
    }
}
