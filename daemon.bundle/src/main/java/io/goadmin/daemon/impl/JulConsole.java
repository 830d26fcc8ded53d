package io.goadmin.daemon.impl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Libraries that log through {@code java.util.logging} (Flyway and sqlite-jdbc do, when no other logging library is
 * present) would print two-line records with stack traces on stderr. This replaces the JDK's console handler with one
 * that prints the daemon's one-line format, warnings and above, with the root cause instead of a stack trace.
 */
@Component(immediate = true, service = {})
public final class JulConsole {
    private final Logger root = Logger.getLogger("");
    private final List<Handler> replaced = new ArrayList<>();
    private final Level previousLevel = root.getLevel();
    private final Handler handler;

    @Activate
    public JulConsole() {
        this(System.out);
    }

    JulConsole(PrintStream out) {
        this.handler = new OneLineHandler(out);
        for (Handler existing : root.getHandlers()) {
            if (existing instanceof java.util.logging.ConsoleHandler) {
                root.removeHandler(existing);
                replaced.add(existing);
            }
        }
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
    }

    @Deactivate
    void deactivate() {
        root.removeHandler(handler);
        replaced.forEach(root::addHandler);
        root.setLevel(previousLevel);
    }

    private static final class OneLineHandler extends Handler {
        private static final java.util.logging.Formatter FORMATTER = new java.util.logging.SimpleFormatter();
        private final PrintStream out;

        OneLineHandler(PrintStream out) {
            this.out = out;
            setLevel(Level.WARNING);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            // Formatter.formatMessage never throws into the library that logged: a bad pattern prints as is.
            String message = FORMATTER.formatMessage(record);
            if (record.getThrown() != null) {
                message = message + " (cause: " + ConsoleFormat.rootCause(record.getThrown()) + ")";
            }
            String level = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "ERROR" : "WARN";
            synchronized (out) {
                out.println(ConsoleFormat.line(record.getMillis(), level, record.getLoggerName(), message));
                out.flush();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
