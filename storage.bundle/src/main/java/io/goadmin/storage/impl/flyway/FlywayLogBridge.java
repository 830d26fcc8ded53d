package io.goadmin.storage.impl.flyway;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

import io.goadmin.storage.impl.StorageLog;

/**
 * Routes Flyway's log to storage's: its progress is debug detail, its warnings are warnings. Flyway instantiates this
 * class by name (the {@code loggers} setting); each run defines its own copy of this class (FlywayClassLoader), so
 * the static target is that run's alone.
 */
public final class FlywayLogBridge implements LogCreator {
    /** Where Flyway's lines go while a migration runs; null drops them. */
    private static volatile StorageLog target;

    /** Called by Flyway. */
    public FlywayLogBridge() {
        // Stateless: every line goes to the current target.
    }

    /** Sends Flyway's lines to {@code log} from now on; null drops them. */
    static void sendTo(StorageLog log) {
        target = log;
    }

    @Override
    public Log createLogger(Class<?> type) {
        return new Log() {
            @Override
            public void debug(String message) {
                // Flyway's debug output is too detailed even for our debug level.
            }

            @Override
            public void info(String message) {
                send(false, message);
            }

            @Override
            public void warn(String message) {
                send(true, message);
            }

            @Override
            public void error(String message) {
                send(true, message);
            }

            @Override
            public void error(String message, Exception e) {
                send(true, message + ": " + e);
            }

            @Override
            public void notice(String message) {
                send(false, message);
            }
        };
    }

    private static void send(boolean warning, String message) {
        StorageLog log = target;
        if (log == null) {
            return;
        }
        if (warning) {
            log.warn("flyway: " + message);
        } else {
            log.debug("flyway: " + message);
        }
    }
}
