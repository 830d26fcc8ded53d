package io.goadmin.shell.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The help of each goadmin command, in one place for every front end: the daemon's command line parser, the Gogo
 * console ({@code goadmin:purge --help}) and the CLI, which answers {@code --help} itself, so help works while the
 * daemon is stopped. JDK only, like the CLI.
 */
public final class CommandHelp {
    private static final String JSON = "print JSON for scripts instead of a table";
    private static final String TIME = "an age such as 1h, or a UTC time such as 2026-12-03T10:00:00Z";
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("status", "[--json]", "Shows uptime, version, the scheduler, each collector and storage; exits 1 if the"
                + " scheduler or storage is not available.", "--json", JSON);
        add("purge", "[--older-than AGE] [--module MODULE] [--dry-run] [--json]", "Removes old metrics now, and"
                + " reports rows removed, space given back and time taken.",
                "--older-than AGE", "metrics older than this, such as 7d (default: the retention policy)",
                "--module MODULE", "only this module's metrics, such as cpu",
                "--dry-run", "only count what would be removed",
                "--json", JSON);
        add("query", "MODULE [KEY] [--tag K=V]... [--since AGE|TIME] [--until AGE|TIME] [--step STEP [--agg"
                + " avg|min|max|last]] [--limit N] [--rate] [--json] (or --module MODULE [--key KEY] instead of"
                + " MODULE [KEY])", "Shows metric history: the latest points, oldest first. Modules, keys and tags:"
                + " docs/collectors.md. Example: query cpu usage_user_percent --tag cpu=total --since 15m",
                "MODULE, --module", "the collector module, such as cpu, disk, net",
                "KEY, --key", "the metric key, such as usage_user_percent (default: every key of the module)",
                "--tag K=V", "only points with this tag, such as cpu=total or path=/var; repeat it, or K=V,K2=V2",
                "--since AGE|TIME", "from this time: " + TIME + " (default 1h)",
                "--until AGE|TIME", "up to this time (default: now)",
                "--step STEP", "one point per step, such as 1m (at least 1s)",
                "--agg HOW", "how a step combines its points: avg (default), min, max or last",
                "--limit N", "the most points to show, the latest ones (default 1000)",
                "--rate", "the per-second rate between consecutive points, for counters (*_total keys)",
                "--json", JSON);
        add("collectors", "[--json]", "Lists the collectors the scheduler tracks: bundle, enabled, interval, last and"
                + " next run, state.", "--json", JSON);
        add("audit", "[--subject USER] [--action ACTION] [--since AGE|TIME] [--limit N] [--json]", "Shows recent audit"
                + " events, newest first.",
                "--subject USER", "only events of this user: a name (root), a uid (0), or a subject as the SUBJECT"
                        + " column shows it (uid:0(root))",
                "--action ACTION", "only events of this action, such as purge, backup, audit.read, denied",
                "--since AGE|TIME", "from this time: " + TIME,
                "--limit N", "the most events to show (default 50)",
                "--json", JSON);
        add("backup", "FILE [--json]", "Copies the live database to FILE, a new file on the daemon's host, and"
                + " verifies the copy. Choose a folder only the daemon's user can write.",
                "FILE", "the backup file to create; a relative path is taken from the working directory (in Gogo,"
                        + " the console's)",
                "--json", JSON);
    }

    private CommandHelp() {
    }

    private static void add(String name, String synopsis, String summary, String... options) {
        ENTRIES.put(name, new Entry(synopsis, summary, List.of(options)));
    }

    /** The command names, in the order help lists them. */
    public static Set<String> names() {
        return ENTRIES.keySet();
    }

    /**
     * The one-line usage of {@code command}, such as {@code usage: goadmin purge [--older-than AGE] ...}.
     *
     * @param prefix how the front end calls commands: {@code "goadmin "} or {@code "goadmin:"}
     */
    public static String usage(String prefix, String command) {
        return "usage: " + prefix + command + " " + entry(command).synopsis();
    }

    /** The usage, a sentence on what {@code command} does, and one line per argument and option. */
    public static String help(String prefix, String command) {
        Entry entry = entry(command);
        int width = 0;
        for (int i = 0; i < entry.options().size(); i += 2) {
            width = Math.max(width, entry.options().get(i).length());
        }
        StringBuilder text = new StringBuilder(usage(prefix, command)).append('\n').append(entry.summary());
        for (int i = 0; i < entry.options().size(); i += 2) {
            String name = entry.options().get(i);
            text.append("\n  ").append(name).append(" ".repeat(width - name.length() + 2))
                    .append(entry.options().get(i + 1));
        }
        return text.toString();
    }

    private static Entry entry(String command) {
        Entry entry = ENTRIES.get(command);
        if (entry == null) {
            throw new IllegalArgumentException("no goadmin command '" + command + "'");
        }
        return entry;
    }

    /** One command's help: its arguments after the name, what it does, and pairs of option and meaning. */
    private record Entry(String synopsis, String summary, List<String> options) {
    }
}
