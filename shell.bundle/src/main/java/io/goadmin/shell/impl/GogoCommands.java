package io.goadmin.shell.impl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.goadmin.core.AuditEvent;

/**
 * The {@code goadmin:*} commands in the Gogo console: a thin front end over {@link GoadminCommands}. The caller is
 * the user the daemon runs as, with audit source {@code shell}.
 *
 * <p>Each function takes its words as they are typed and hands them to {@link CommandLine}, the parser the control
 * socket uses, rather than declaring its options with {@code @Parameter}: Gogo answers a word it cannot bind
 * ({@code --bogus}, a missing file) with a coercion error naming Java types, and has no {@code --help}. This way the
 * console and the CLI accept the same options and give the same usage errors and help
 * ({@code goadmin:purge --help}).
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
    private static final String CONSOLE_USER = consoleUser();
    private static final String MORE = "; --help explains each";

    private final CommandLine commandLine;

    /** Activated by DS. */
    @Activate
    public GogoCommands(@Reference GoadminCommands commands) {
        this.commandLine = new CommandLine(commands, CommandLine.GOGO);
    }

    /** {@code goadmin:status}. */
    @Descriptor("show uptime, version, the scheduler, each collector and storage")
    public void status(CommandSession session, @Descriptor("[--json]" + MORE) String... args) {
        run(session, "status", args);
    }

    /** {@code goadmin:purge}. */
    @Descriptor("remove old metrics now, reporting rows removed, space given back and time taken")
    public void purge(CommandSession session,
            @Descriptor("[--older-than AGE] [--module MODULE] [--dry-run] [--json]" + MORE) String... args) {
        run(session, "purge", args);
    }

    /** {@code goadmin:query MODULE [KEY]}. */
    @Descriptor("show metric history: the latest points, oldest first")
    public void query(CommandSession session,
            @Descriptor("MODULE [KEY] [--tag K=V]... [--since AGE|TIME] [--until AGE|TIME] [--step STEP [--agg HOW]]"
                    + " [--limit N] [--rate] [--json], such as: cpu usage_user_percent --since 15m" + MORE)
            String... args) {
        run(session, "query", args);
    }

    /** {@code goadmin:collectors}. */
    @Descriptor("list the collectors the scheduler tracks: bundle, enabled, interval, state")
    public void collectors(CommandSession session, @Descriptor("[--json]" + MORE) String... args) {
        run(session, "collectors", args);
    }

    /** {@code goadmin:audit}. */
    @Descriptor("show recent audit events, newest first")
    public void audit(CommandSession session,
            @Descriptor("[--subject USER] [--action ACTION] [--since AGE|TIME] [--limit N] [--json]" + MORE)
            String... args) {
        run(session, "audit", args);
    }

    /** {@code goadmin:backup FILE}. */
    @Descriptor("copy the live database to FILE and verify the copy")
    public void backup(CommandSession session,
            @Descriptor("FILE [--json]: the backup file to create; a relative path is taken from the console's"
                    + " directory" + MORE) String... args) {
        run(session, "backup", args);
    }

    private void run(CommandSession session, String command, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add(command);
        argv.addAll(Arrays.asList(args));
        commandLine.run(caller(), argv, console(), file -> absolute(session, file));
    }

    /** The backup file against the console's directory: the daemon's own working directory means nothing here. */
    private static String absolute(CommandSession session, String file) {
        try {
            Path base = session != null && session.currentDir() != null ? session.currentDir()
                    : Path.of("").toAbsolutePath();
            return base.resolve(file).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            // passed on as typed: the command reports it as an invalid path in one line
            return file;
        }
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
