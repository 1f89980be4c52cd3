package dev.weft.session.internal;

import dev.weft.session.NoActiveSessionException;

/** Placeholder: the per-scope session state. Being written. */
public final class SessionContext {
    private static final ThreadLocal<SessionContext> CURRENT = new ThreadLocal<>();

    static SessionContext require(SessionField field) {
        SessionContext context = CURRENT.get();
        if (context == null) {
            throw new NoActiveSessionException("session field " + field.name()
                    + " was used outside a session scope");
        }
        return context;
    }

    Object read(SessionField field, Object owner) {
        throw new UnsupportedOperationException("not yet");
    }

    void write(SessionField field, Object value) {
        throw new UnsupportedOperationException("not yet");
    }
}
