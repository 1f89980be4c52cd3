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
 * by the system property {@code hazelcast.logging.class}, which Hazelcast instantiates. One
 * warning is advice, not a problem, and goes out at INFO: the JDK module flags Hazelcast asks
 * for, which Weft works without (the README says what each grants).
 */
public final class SystemLoggerFactory extends LoggerFactorySupport {

    /**
     * How Hazelcast's advice on JDK module flags begins. Recognised by its text: Hazelcast logs it
     * through the logger of whichever class checks the flags ({@code HazelcastInstanceFactory} in
     * 5.7), which also logs real problems.
     */
    private static final String MODULE_ADVICE = "Hazelcast is starting in a Java modular environment";

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
                boolean advice = level.intValue() < Level.SEVERE.intValue() && message != null
                        && message.startsWith(MODULE_ADVICE);
                logger.log(advice ? System.Logger.Level.INFO : level(level), message, thrown);
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
