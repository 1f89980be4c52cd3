package dev.weft.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a listing says of one session: its identifier, when it was created and when its TTL was
 * last extended (its last access, to within the store's extension window), and its principal.
 * Never its key or values.
 *
 * @param id the session's identifier
 * @param created when the session was created, if it says
 * @param lastAccessed when its TTL was last set
 * @param principal the principal it is bound to, if any
 */
public record SessionInfo(SessionId id, Optional<Instant> created, Instant lastAccessed, Optional<String> principal) {

    /** Checks that no component is null. */
    public SessionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastAccessed, "lastAccessed");
        Objects.requireNonNull(principal, "principal");
    }
}
