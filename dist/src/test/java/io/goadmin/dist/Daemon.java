package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real daemon started the way a user starts it: {@code bin/goadmin serve --home DIR} from the assembled
 * distribution, stdin from /dev/null, its output collected line by line.
 */
final class Daemon implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("goadmin.dist", "target/goadmin-dist/goadmin"));

    final Path home;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private Daemon(Path home, Process process) {
        this.home = home;
        this.process = process;
        this.reader = new Thread(this::readOutput, "daemon-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Writes {@code etc/NAME.cfg} files into {@code home} before start; defaults never overwrite them. */
    static void configure(Path home, Map<String, String> cfgFiles) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        for (Map.Entry<String, String> file : cfgFiles.entrySet()) {
            Files.writeString(home.resolve("etc").resolve(file.getKey() + ".cfg"), file.getValue());
        }
    }

    /** Lines written after {@code mark} that match {@code regex}. */
    long countLines(String regex, int mark) {
        Pattern pattern = Pattern.compile(regex);
        List<String> all = output();
        return all.subList(Math.min(mark, all.size()), all.size()).stream()
                .filter(line -> pattern.matcher(line).find()).count();
    }

    static Daemon start(Path home) throws IOException {
        return start(home, Map.of());
    }

    /** Like {@link #start(Path)}, with {@code environment} added to this process's (for example a JAVA_HOME). */
    static Daemon start(Path home, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/goadmin").toString(), "serve", "--home",
                home.toString());
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("GOADMIN_HOME");
        builder.environment().remove("GOADMIN_ETC");
        return new Daemon(home, builder.start());
    }

    /**
     * Like {@link #start(Path)}, but with a terminal (util-linux {@code script} gives it one), so {@code serve} offers
     * the Gogo console; {@link #type(String)} types into it.
     */
    static Daemon startWithConsole(Path home) throws IOException {
        String serve = "'" + DIST.resolve("bin/goadmin") + "' serve --home '" + home + "'";
        ProcessBuilder builder = new ProcessBuilder("script", "-qefc", serve, "/dev/null");
        builder.redirectErrorStream(true);
        builder.environment().remove("GOADMIN_HOME");
        builder.environment().remove("GOADMIN_ETC");
        return new Daemon(home, builder.start());
    }

    /** Types {@code text} on the console of a daemon from {@link #startWithConsole(Path)}. */
    void type(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** The jar of a test bundle ({@code flood}, {@code throwing}, {@code hanging}) from the test class path. */
    static Path testBundle(String name) {
        String artifact = "io.goadmin.testbundle." + name;
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains(artifact) && entry.endsWith(".jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new AssertionError(artifact + " is not on the test class path"));
    }

    /** Copies test bundles into {@code home/deploy} before start, so they are there from the first tick. */
    static void deploy(Path home, String... names) throws IOException {
        Files.createDirectories(home.resolve("deploy"));
        for (String name : names) {
            Files.copy(testBundle(name), home.resolve("deploy").resolve(name + ".jar"));
        }
    }

    /** How many lines the daemon has written so far; pass it to {@link #awaitLine(String, Duration, int)}. */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The heartbeat's {@code name=N} counter from the last heartbeat line, or -1 before the first. */
    long lastHeartbeat(String counter) {
        return lastLineMatching(" heartbeat ").map(line -> {
            Matcher matcher = Pattern.compile(" " + Pattern.quote(counter) + "=(\\d+)").matcher(line);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1L;
        }).orElse(-1L);
    }

    long pid() {
        return process.pid();
    }

    Path database() {
        return home.resolve("data/goadmin.db");
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended; what was read stays in lines.
        }
    }

    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String log() {
        return String.join("\n", output());
    }

    /** Waits for a log line matching {@code regex}; fails with the whole log if it does not come in time. */
    Matcher awaitLine(String regex, Duration within) throws InterruptedException {
        return awaitLine(regex, within, 0);
    }

    /** Waits for a line matching {@code regex} among the lines written after {@code mark}. */
    Matcher awaitLine(String regex, Duration within, int mark) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + within.toNanos();
        int seen = mark;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher matcher = pattern.matcher(lines.get(seen));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
                    throw new AssertionError("no log line matching /" + regex + "/ within " + within
                            + (process.isAlive() ? "" : " (the daemon exited)") + "; log:\n"
                            + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    Optional<String> lastLineMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        List<String> all = output();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (pattern.matcher(all.get(i)).find()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** Sends a signal; returns false if the process had already exited (kill found no such process). */
    boolean signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        kill.getInputStream().readAllBytes();
        int status = kill.waitFor();
        assertThat(status == 0 || !process.isAlive()).as("kill -%s failed while the daemon runs", name).isTrue();
        return status == 0;
    }

    /** Waits for the exit; returns the exit status, or fails if it takes longer than {@code within}. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the daemon did not exit within " + within + "; log:\n" + log());
        }
        reader.join(2000);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Like {@link #await(String, Duration, BooleanSupplier)}, failing with the end of the daemon's log. */
    void awaitWithLog(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        try {
            await(what, within, condition);
        } catch (AssertionError e) {
            List<String> all = output();
            throw new AssertionError(e.getMessage() + "; last lines of the log:\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size())), e);
        }
    }

    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Runs one query on the database file, read-only, returning the first column of the first row. */
    static long queryLong(Path database, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + database + ": " + e.getMessage(), e);
        }
    }

    static String queryString(Path database, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
