package io.goadmin.storage.impl;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Routes Flyway's log to storage's: its progress is debug detail, its warnings are warnings. Flyway instantiates this
 * class by name (the {@code loggers} setting); Flyway is private to this bundle, so the static target is ours alone.
 */
public final class FlywayLogBridge implements LogCreator {
    /** Where Flyway's lines go while a migration runs; null drops them. */
    static volatile StorageLog target;

    /** Called by Flyway. */
    public FlywayLogBridge() {
        // Stateless: every line goes to the current target.
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
