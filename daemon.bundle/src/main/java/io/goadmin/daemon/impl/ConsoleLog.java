package io.goadmin.daemon.impl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;

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

    /**
     * SCR starts every line with the bundle it concerns ({@code bundle org.apache.felix.scr:2.2.18 (17) ...}), also
     * those it logs through a component's logger, whose name is the component's: the prefix tells them from ours.
     */
    private static final Pattern SCR_LINE = Pattern.compile("^bundle [^\\s:]+:\\S+ \\(\\d+\\)");

    private final LogReaderService reader;
    private final LoggerAdmin loggerAdmin;
    private final PrintStream out;
    private final boolean stackTraces;
    /** Repeats of one warning or error within this window are held back; INFO and below always print. */
    private final RepeatFilter repeats = new RepeatFilter(10_000);

    @Activate
    public ConsoleLog(@Reference LogReaderService reader, @Reference LoggerAdmin loggerAdmin) {
        this(reader, loggerAdmin, System.out, Boolean.getBoolean("goadmin.log.stacktraces"));
    }

    ConsoleLog(LogReaderService reader, LoggerAdmin loggerAdmin, PrintStream out, boolean stackTraces) {
        this.reader = reader;
        this.loggerAdmin = loggerAdmin;
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
        LogLevel level = level(entry);
        if (!shown(entry) || level != entry.getLogLevel() && !isEnabled(entry, level)) {
            return;
        }
        String message = entry.getMessage();
        Throwable error = entry.getException();
        String cause = error == null ? null : ConsoleFormat.rootCause(error);
        boolean problem = level.ordinal() <= LogLevel.WARN.ordinal();
        if (problem && !stackTraces && !repeats.admit(entry.getTime(), message, cause)) {
            return;
        }
        if (cause != null) {
            message = message + " (cause: " + cause + ")";
        }
        synchronized (out) {
            out.println(ConsoleFormat.line(entry.getTime(), level.name(), source(entry), message));
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

    /**
     * The level an entry prints at: SCR's INFO lines (its version and extender setting at every start, "could not
     * obtain all required dependencies" when a service restarts) are bookkeeping, so they count as DEBUG; its
     * warnings and errors keep their level.
     */
    static LogLevel level(LogEntry entry) {
        boolean scrInfo = entry.getLogLevel() == LogLevel.INFO && entry.getMessage() != null
                && SCR_LINE.matcher(entry.getMessage()).find();
        return scrInfo ? LogLevel.DEBUG : entry.getLogLevel();
    }

    /** True if the log admin configuration enables {@code level} for the entry's logger. */
    private boolean isEnabled(LogEntry entry, LogLevel level) {
        Bundle bundle = entry.getBundle();
        LoggerContext context = loggerAdmin.getLoggerContext(bundle == null ? null : bundle.getSymbolicName());
        String name = entry.getLoggerName() == null ? org.osgi.service.log.Logger.ROOT_LOGGER_NAME : entry.getLoggerName();
        return context.getEffectiveLogLevel(name).implies(level);
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
