package io.goadmin.shell.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code goadmin} command line: sends one command to the running daemon over its control socket and prints what
 * the daemon streams back. JDK only. Exit status: 0 ok, 1 error, 2 usage, 3 daemon not running.
 *
 * <pre>java -cp io.goadmin.shell.jar io.goadmin.shell.client.GoadminCli --home DIR COMMAND [ARGS]</pre>
 */
public final class GoadminCli {
    private static final String USAGE = """
            usage: goadmin [--home DIR] [--socket PATH] COMMAND [ARGS]

            Runs a command in the running goadmin daemon through its control socket.

            commands:
              status        uptime, version, scheduler, collectors and storage
              purge         remove old metrics now: [--older-than AGE] [--module MODULE] [--dry-run]
              query         metric history: MODULE [KEY] [--tag K=V]... [--since AGE|TIME] [--until AGE|TIME]
                            [--step STEP [--agg avg|min|max|last]] [--limit N] [--rate]
              collectors    the tracked collectors: bundle, enabled, interval, state
              audit         recent audit events: [--subject USER] [--action ACTION] [--since AGE|TIME] [--limit N]
              backup FILE   copy the database to FILE while it runs, and verify the copy
            Every command takes --json (output for scripts) and --help (its usage).

            examples:
              goadmin query cpu usage_user_percent --tag cpu=total --since 15m
              goadmin query disk used_percent --tag path=/ --since 1d --step 1h --agg max
              goadmin purge --older-than 7d --dry-run

            options:
              --home DIR     the daemon home (default: $GOADMIN_HOME)
              --socket PATH  the control socket (default: DIR/run/goadmin.sock)

            exit status: 0 ok, 1 error, 2 usage, 3 daemon not running""";

    private static final String SCOPE = "goadmin:";

    private GoadminCli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.getenv("GOADMIN_HOME"), System.out, System.err);
        System.exit(status);
    }

    /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
    static int run(List<String> args, String defaultHome, PrintStream out, PrintStream err) {
        String home = defaultHome;
        String socket = null;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String option = args.get(i);
            if (option.equals("-h") || option.equals("--help")) {
                out.println(USAGE);
                return Protocol.EXIT_OK;
            } else if ((option.equals("--home") || option.equals("--socket")) && i + 1 < args.size()) {
                if (option.equals("--home")) {
                    home = args.get(i + 1);
                } else {
                    socket = args.get(i + 1);
                }
                i += 2;
            } else {
                err.println("goadmin: unknown option " + option + "; see goadmin --help");
                return Protocol.EXIT_USAGE;
            }
        }
        if (i >= args.size() || args.get(i).equals("help")) {
            (i >= args.size() ? err : out).println(USAGE);
            return i >= args.size() ? Protocol.EXIT_USAGE : Protocol.EXIT_OK;
        }
        if (asksForHelp(args.subList(i, args.size()))) {
            String command = args.get(i).startsWith(SCOPE) ? args.get(i).substring(SCOPE.length()) : args.get(i);
            out.println(CommandHelp.help("goadmin ", command));
            return Protocol.EXIT_OK;
        }
        if (socket == null && (home == null || home.isBlank())) {
            err.println("goadmin: the daemon home is not known: pass --home DIR or set GOADMIN_HOME");
            return Protocol.EXIT_USAGE;
        }
        Path socketPath;
        List<String> argv;
        try {
            socketPath = socket != null ? Path.of(socket) : Path.of(home).resolve("run/goadmin.sock");
            argv = withAbsoluteBackupFile(args.subList(i, args.size()));
        } catch (InvalidPathException e) {
            err.println("goadmin: " + e.getMessage());
            return Protocol.EXIT_USAGE;
        }
        return send(socketPath, home, argv, out, err);
    }

    /**
     * True if {@code argv} is a goadmin command with {@code --help} or {@code -h} among its options: the help is
     * answered here, so it works while the daemon is stopped.
     */
    private static boolean asksForHelp(List<String> argv) {
        String command = argv.get(0).startsWith(SCOPE) ? argv.get(0).substring(SCOPE.length()) : argv.get(0);
        if (!CommandHelp.names().contains(command)) {
            return false;
        }
        for (String word : argv.subList(1, argv.size())) {
            if (word.equals("--")) {
                return false;
            }
            if (word.equals("--help") || word.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** The daemon does not share our working directory, so a relative backup file is made absolute here. */
    private static List<String> withAbsoluteBackupFile(List<String> argv) {
        List<String> result = new ArrayList<>(argv);
        if (result.get(0).equals("backup") || result.get(0).equals("goadmin:backup")) {
            for (int j = 1; j < result.size(); j++) {
                if (!result.get(j).startsWith("-")) {
                    result.set(j, Path.of(result.get(j)).toAbsolutePath().normalize().toString());
                    break;
                }
            }
        }
        return result;
    }

    private static int send(Path socket, String home, List<String> argv, PrintStream out, PrintStream err) {
        // Files.exists says false both when there is no socket and when a folder on the way is closed to us
        // (run/ is owner-only): only the first means the daemon is down.
        try {
            Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException missing) {
            return notListening(socket, home, "no socket at", err);
        } catch (java.nio.file.AccessDeniedException denied) {
            err.println("goadmin: cannot reach " + socket + ": permission denied (the daemon's run/ folder is owner-only:"
                    + " run goadmin as the user the daemon runs as, or as root)");
            return Protocol.EXIT_ERROR;
        } catch (IOException e) {
            err.println("goadmin: cannot reach " + socket + ": " + e.getMessage());
            return Protocol.EXIT_ERROR;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException e) {
                return notListening(socket, home, "nothing answers on", err);
            }
            ByteBuffer request = ByteBuffer.wrap((Protocol.encodeRequest(argv) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                while (request.hasRemaining()) {
                    channel.write(request);
                }
            } catch (IOException e) {
                // A busy daemon answers and closes before reading the request: its answer is still there to read.
            }
            return relay(channel, out, err);
        } catch (IOException e) {
            boolean denied = String.valueOf(e.getMessage()).contains("Permission denied");
            err.println("goadmin: cannot talk to the daemon on " + socket + ": " + e.getMessage()
                    + (denied ? " (the socket is owner-only: run goadmin as the user the daemon runs as)" : ""));
            return Protocol.EXIT_ERROR;
        }
    }

    /**
     * Nothing listens on {@code socket}: either no daemon runs, or one runs without its control socket (a bad value
     * in etc/goadmin.shell.cfg stops only the socket). Starting another daemon is the fix only for the first.
     */
    private static int notListening(Path socket, String home, String why, PrintStream err) {
        OptionalLong pid = home == null || home.isBlank() ? OptionalLong.empty() : runningDaemon(home);
        if (pid.isPresent()) {
            err.println("goadmin is running (pid " + pid.getAsLong() + ") but its control socket " + socket
                    + " is not listening; see the daemon log (a bad value in etc/goadmin.shell.cfg? still starting?"
                    + " if socket.path there names another socket, pass --socket PATH)");
            return Protocol.EXIT_ERROR;
        }
        err.println("goadmin is not running (" + why + " " + socket + "); start it with: goadmin serve --home "
                + (home == null ? "DIR" : home));
        return Protocol.EXIT_NOT_RUNNING;
    }

    /**
     * The pid of the daemon that runs with {@code home}: the process named by {@link Protocol#PID_FILE}, if it is
     * alive and its command line names this home (Linux's /proc). A stale file, or a pid since reused by another
     * program, gives none.
     */
    static OptionalLong runningDaemon(String homeFolder) {
        try {
            Path home = Path.of(homeFolder);
            long pid = Long.parseLong(Files.readString(home.resolve(Protocol.PID_FILE)).trim());
            byte[] commandLine = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            for (String argument : new String(commandLine, StandardCharsets.UTF_8).split("\0")) {
                if (argument.startsWith(Protocol.HOME_ARGUMENT)
                        && Files.isSameFile(Path.of(argument.substring(Protocol.HOME_ARGUMENT.length())), home)) {
                    return OptionalLong.of(pid);
                }
            }
        } catch (IOException | NumberFormatException | InvalidPathException noDaemon) {
            // no pid file, no such process, or not a daemon of this home
        }
        return OptionalLong.empty();
    }

    /** Prints the daemon's lines as they come; returns the status from its last line. */
    private static int relay(SocketChannel channel, PrintStream out, PrintStream err) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8))) {
            return relay(reader, out, err);
        }
    }

    private static int relay(BufferedReader reader, PrintStream out, PrintStream err) throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith(Protocol.OUT)) {
                out.println(line.substring(Protocol.OUT.length()));
                out.flush();
            } else if (line.startsWith(Protocol.ERR)) {
                err.println(line.substring(Protocol.ERR.length()));
                err.flush();
            } else if (line.startsWith(Protocol.EXIT)) {
                try {
                    return Integer.parseInt(line.substring(Protocol.EXIT.length()).trim());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        err.println("goadmin: the daemon ended the connection before the command finished; see the daemon log");
        return Protocol.EXIT_ERROR;
    }
}
