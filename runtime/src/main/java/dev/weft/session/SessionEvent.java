package dev.weft.session;

import dev.weft.session.internal.ValueCodec;
import dev.weft.store.ReservedKeys;
import dev.weft.store.SessionId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a session, told to {@link SessionListener}s. It names the session by
 * its {@link SessionId}, never its key. An {@link Type#EXPIRED} event carries the session's last
 * state, so a program can release what the session held (reserved stock, say).
 */
public final class SessionEvent {

    /** What happened. */
    public enum Type {
        /** A new session was stored for the first time. */
        CREATED,
        /** A session moved to a new key ({@link Session#renew()}); {@link #previousId()} is the old one. */
        RENEWED,
        /** A session was ended by the program ({@link Session#purge()}, {@link Sessions#invalidate(String)}). */
        PURGED,
        /** A session's idle timeout or maximum lifetime ran out. */
        EXPIRED
    }

    private final Type type;
    private final SessionId id;
    private final SessionId previousId;
    private final String principal;
    private final Map<String, String> state;
    private final ValueCodec codec;

    SessionEvent(Type type, SessionId id, SessionId previousId, String principal, Map<String, String> state,
            ValueCodec codec) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = Objects.requireNonNull(id, "id");
        this.previousId = previousId;
        this.principal = principal;
        this.state = state == null ? Map.of() : state;
        this.codec = codec;
    }

    /** What happened. */
    public Type type() {
        return type;
    }

    /** The session's identifier (for a renewal, the new one). */
    public SessionId id() {
        return id;
    }

    /** For a renewal, the session's identifier before it; else empty. */
    public Optional<SessionId> previousId() {
        return Optional.ofNullable(previousId);
    }

    /** The principal the session was bound to, where known. */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /**
     * A value of the session's last state, decoded as {@code type}: for an {@link Type#EXPIRED}
     * event; other events carry no state and answer empty.
     *
     * @param key the state key (a field's is {@code <declaring class>.<field>} unless it names one)
     * @throws SessionValueException if the stored value does not decode as {@code type}
     * @throws IllegalArgumentException for a reserved key
     */
    public <T> Optional<T> get(String key, Class<T> type) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (ReservedKeys.isReserved(key)) {
            throw new IllegalArgumentException("state key '" + key + "' is reserved: keys starting with '"
                    + ReservedKeys.PREFIX + "' are Weft's own entries");
        }
        String text = state.get(key);
        if (text == null) {
            return Optional.empty();
        }
        Object decoded = codec.decode(key, text, codec.type(type));
        @SuppressWarnings("unchecked")
        T typed = (T) (type.isPrimitive() ? decoded : type.cast(decoded));
        return Optional.ofNullable(typed);
    }

    /** Names the type and the session's identifier; never a key or a value. */
    @Override
    public String toString() {
        return "SessionEvent[" + type + " " + id + (previousId == null ? "" : " (was " + previousId + ")") + "]";
    }
}
