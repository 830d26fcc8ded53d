package io.goadmin.shell.impl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.Process;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.goadmin.core.AuditEvent;

/**
 * The {@code goadmin:*} commands in the Gogo console: a thin front end over {@link GoadminCommands}. The caller is
 * the user the daemon runs as, with audit source {@code shell}.
 */
@Component(service = GogoCommands.class, property = {
    "osgi.command.scope=goadmin",
    "osgi.command.function=status",
    "osgi.command.function=purge",
    "osgi.command.function=query",
    "osgi.command.function=collectors",
    "osgi.command.function=audit",
    "osgi.command.function=backup"
})
public final class GogoCommands {
    private static final String JSON = "print JSON for scripts instead of a table";
    private static final String CONSOLE_USER = consoleUser();
    private static final String SINCE = "from this time: an age such as 1h, or a UTC time such as 2026-12-03T10:00:00Z";

    private final GoadminCommands commands;

    /** Activated by DS. */
    @Activate
    public GogoCommands(@Reference GoadminCommands commands) {
        this.commands = commands;
    }

    /** {@code goadmin:status}. */
    @Descriptor("show uptime, version, the scheduler, each collector and storage")
    public void status(
            @Descriptor(JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        commands.status(caller(), json, console());
    }

    /** {@code goadmin:purge}. */
    @Descriptor("remove old metrics now, reporting rows removed, space given back and time taken")
    public void purge(
            @Descriptor("remove metrics older than this age, such as 7d (default: the retention policy)")
            @Parameter(names = "--older-than", absentValue = "") String olderThan,
            @Descriptor("only this module's metrics, such as cpu")
            @Parameter(names = "--module", absentValue = "") String module,
            @Descriptor("only count what would be removed")
            @Parameter(names = "--dry-run", presentValue = "true", absentValue = "false") boolean dryRun,
            @Descriptor(JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        commands.purge(caller(), olderThan, module, dryRun, json, console());
    }

    /** {@code goadmin:query MODULE [KEY]}. */
    @Descriptor("show metric history: the latest points, oldest first")
    public void query(
            @Descriptor("the collector module, such as cpu (or give it first, without --module)")
            @Parameter(names = "--module", absentValue = "") String module,
            @Descriptor("the metric key, such as usage_user_percent (or give it after the module, without --key)")
            @Parameter(names = "--key", absentValue = "") String key,
            @Descriptor("only points with these tags: key=value, several separated by commas")
            @Parameter(names = "--tag", absentValue = "") String tag,
            @Descriptor(SINCE + " (default 1h)") @Parameter(names = "--since", absentValue = "") String since,
            @Descriptor("before this time: an age or a UTC time") @Parameter(names = "--until", absentValue = "")
            String until,
            @Descriptor("one point per step, such as 1m") @Parameter(names = "--step", absentValue = "") String step,
            @Descriptor("how a step combines its points: avg, min, max or last")
            @Parameter(names = "--agg", absentValue = "") String agg,
            @Descriptor("the most points to show") @Parameter(names = "--limit", absentValue = "") String limit,
            @Descriptor("show the per-second rate between consecutive points, for counters")
            @Parameter(names = "--rate", presentValue = "true", absentValue = "false") boolean rate,
            @Descriptor(JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("MODULE [KEY], such as: cpu usage_user_percent") String... selector) {
        Output console = console();
        QueryArgs args;
        try {
            args = QueryArgs.of(module, key, selector.length > 0 ? selector[0] : null,
                    selector.length > 1 ? selector[1] : null, tag.isEmpty() ? List.of() : List.of(tag), since, until,
                    step, agg, limit, rate);
            if (selector.length > 2) {
                throw new IllegalArgumentException("unexpected argument '" + selector[2] + "'");
            }
        } catch (IllegalArgumentException e) {
            console.err("error: " + e.getMessage());
            return;
        }
        commands.query(caller(), args, json, console);
    }

    /** {@code goadmin:collectors}. */
    @Descriptor("list the collectors the scheduler tracks: bundle, enabled, interval, state")
    public void collectors(
            @Descriptor(JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        commands.collectors(caller(), json, console());
    }

    /** {@code goadmin:audit}. */
    @Descriptor("show recent audit events, newest first")
    public void audit(
            @Descriptor("only events of this subject, such as alice")
            @Parameter(names = "--subject", absentValue = "") String subject,
            @Descriptor("only events of this action, such as purge")
            @Parameter(names = "--action", absentValue = "") String action,
            @Descriptor(SINCE) @Parameter(names = "--since", absentValue = "") String since,
            @Descriptor("the most events to show (default 50)") @Parameter(names = "--limit", absentValue = "")
            String limit,
            @Descriptor(JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        commands.audit(caller(), subject, action, since, limit, json, console());
    }

    /** {@code goadmin:backup FILE}. */
    @Descriptor("copy the live database to FILE and verify the copy")
    public void backup(CommandSession session,
            @Descriptor(JSON) @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the backup file to write; a relative path is taken from the console's directory") String file) {
        String target = file;
        try {
            Path base = session.currentDir() != null ? session.currentDir() : Path.of("").toAbsolutePath();
            target = base.resolve(file).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            // passed on as typed: the command reports it as an invalid path in one line
        }
        commands.backup(caller(), target, json, console());
    }

    /** The console user is the user the daemon runs as. */
    private static Caller caller() {
        return new Caller(CONSOLE_USER, AuditEvent.SOURCE_SHELL);
    }

    /** The daemon's user as {@code uid:N(name)}, like socket clients; the uid comes from Linux's /proc/self. */
    private static String consoleUser() {
        String name = System.getProperty("user.name", "console");
        try {
            return "uid:" + Files.getAttribute(Path.of("/proc/self"), "unix:uid") + "(" + name + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return name;
        }
    }

    /** The streams of the command being run, captured now so progress from other threads reaches the same console. */
    private static Output console() {
        Process process = Process.Utils.current();
        PrintStream out = process != null ? process.out() : System.out;
        PrintStream err = process != null ? process.err() : System.err;
        return new Output() {
            @Override
            public synchronized void out(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public synchronized void err(String line) {
                err.println(line);
                err.flush();
            }
        };
    }
}
