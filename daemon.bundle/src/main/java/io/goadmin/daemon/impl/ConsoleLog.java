package io.goadmin.daemon.impl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Prints every log entry of the framework on standard output, one readable line each, so the daemon's log reaches
 * the terminal or journald. Levels are chosen with the standard OSGi log admin configuration
 * ({@code etc/org.osgi.service.log.admin.cfg}); this writer prints what reaches it, minus framework event chatter.
 */
// Not a service: it listens to the log reader, nobody looks it up.
@Component(immediate = true, service = {})
public final class ConsoleLog implements LogListener {
    /** Framework events (bundle/service state changes) are logged under these names at INFO and DEBUG. */
    private static final String FRAMEWORK_EVENTS = "Events.";

    private final LogReaderService reader;
    private final PrintStream out;
    private final boolean stackTraces;
    /** Repeats of one warning or error within this window are held back; INFO and below always print. */
    private final RepeatFilter repeats = new RepeatFilter(10_000);

    @Activate
    public ConsoleLog(@Reference LogReaderService reader) {
        this(reader, System.out, Boolean.getBoolean("goadmin.log.stacktraces"));
    }

    ConsoleLog(LogReaderService reader, PrintStream out, boolean stackTraces) {
        this.reader = reader;
        this.out = out;
        this.stackTraces = stackTraces;
        printBacklog();
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        if (!shown(entry)) {
            return;
        }
        String message = entry.getMessage();
        Throwable error = entry.getException();
        String cause = error == null ? null : ConsoleFormat.rootCause(error);
        boolean problem = entry.getLogLevel().ordinal() <= LogLevel.WARN.ordinal();
        if (problem && !stackTraces && !repeats.admit(entry.getTime(), message, cause)) {
            return;
        }
        if (cause != null) {
            message = message + " (cause: " + cause + ")";
        }
        synchronized (out) {
            out.println(ConsoleFormat.line(entry.getTime(), entry.getLogLevel().name(), source(entry), message));
            if (error != null && stackTraces) {
                error.printStackTrace(out);
            }
            out.flush();
        }
    }

    /** Entries logged before this writer started (the log service keeps a short history), oldest first. */
    private void printBacklog() {
        List<LogEntry> backlog = new ArrayList<>();
        Enumeration<LogEntry> entries = reader.getLog();
        while (entries.hasMoreElements()) {
            backlog.add(entries.nextElement());
        }
        Collections.reverse(backlog);
        backlog.forEach(this::logged);
    }

    static boolean shown(LogEntry entry) {
        String name = entry.getLoggerName();
        // LogLevel is ordered AUDIT, ERROR, WARN, INFO, DEBUG, TRACE: framework events show from WARN up.
        return name == null || !name.startsWith(FRAMEWORK_EVENTS)
                || entry.getLogLevel().ordinal() <= LogLevel.WARN.ordinal();
    }

    private static String source(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        if (bundle != null && bundle.getSymbolicName() != null && bundle.getBundleId() != 0) {
            return bundle.getSymbolicName();
        }
        return entry.getLoggerName();
    }
}
