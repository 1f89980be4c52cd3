package dev.weft.store.hazelcast.internal;

import com.hazelcast.logging.AbstractLogger;
import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.LogEvent;
import com.hazelcast.logging.LoggerFactorySupport;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Routes Hazelcast's logs through {@link System.Logger}, WARNING and above only: a member started
 * with Weft's default configuration should say what goes wrong, not narrate its start-up. Named
 * by the system property {@code hazelcast.logging.class}, which Hazelcast instantiates.
 */
public final class SystemLoggerFactory extends LoggerFactorySupport {

    @Override
    protected ILogger createLogger(String name) {
        return new SystemLogger(System.getLogger(name));
    }

    private static final class SystemLogger extends AbstractLogger {
        private final System.Logger logger;

        SystemLogger(System.Logger logger) {
            this.logger = logger;
        }

        @Override
        public void log(Level level, String message) {
            log(level, message, null);
        }

        @Override
        public void log(Level level, String message, Throwable thrown) {
            if (isLoggable(level)) {
                logger.log(level(level), message, thrown);
            }
        }

        @Override
        public void log(LogEvent event) {
            LogRecord record = event.getLogRecord();
            log(record.getLevel(), record.getMessage(), record.getThrown());
        }

        @Override
        public Level getLevel() {
            return Level.WARNING;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.intValue() >= Level.WARNING.intValue() && logger.isLoggable(level(level));
        }

        private static System.Logger.Level level(Level level) {
            return level.intValue() >= Level.SEVERE.intValue() ? System.Logger.Level.ERROR : System.Logger.Level.WARNING;
        }
    }
}
