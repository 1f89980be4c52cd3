package dev.weft.session.internal;

import dev.weft.session.SessionEvent;
import java.util.Map;

/**
 * What sessions record for operators: store operations, lifecycle events, state sizes. Kept free of
 * Micrometer's types, so that a program without Micrometer on its class path never loads them: only
 * {@link MicrometerTelemetry} names them.
 */
public interface Telemetry {

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
        @Override
        public void operation(String operation, long nanos, String outcome) {
        }

        @Override
        public void event(SessionEvent.Type type) {
        }

        @Override
        public void loadedState(Map<String, String> state) {
        }
    };

    /** A store operation took {@code nanos}; {@code outcome}: success, refused or failure. */
    void operation(String operation, long nanos, String outcome);

    /** A session was created, renewed, purged or expired. */
    void event(SessionEvent.Type type);

    /** A scope loaded {@code state} (an implementation that records its size measures it). */
    void loadedState(Map<String, String> state);
}
